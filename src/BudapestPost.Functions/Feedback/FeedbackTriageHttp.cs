using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>The editors' side of reader feedback: list reports, read one, move it through triage.</summary>
public sealed class FeedbackTriageHttp(
    FeedbackStore store,
    TimeProvider time,
    IOptions<FeedbackOptions> options,
    ILogger<FeedbackTriageHttp> logger)
{

    // Reports hold personal data (email addresses): no shared caches, no stored copies.
    private const string NoStore = "no-store";

    [Function(nameof(ListFeedback))]
    public async Task<IActionResult> ListFeedback(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "feedback")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryReadLimit(request, out var limit, out var limitProblem))
        {
            return limitProblem!;
        }

        var article = NullIfEmpty(request.Query["article"]);
        if (article is not null && !Slug.IsValid(article))
        {
            return Problems.InvalidSlug("article");
        }

        var statusName = NullIfEmpty(request.Query["status"]);
        FeedbackStatus? status = null;
        if (statusName is not null)
        {
            if (!FeedbackNames.TryParseStatus(statusName, out var parsed))
            {
                return Problems.Validation("status", $"Must be one of: {string.Join(", ", FeedbackNames.AllStatuses)}.");
            }
            status = parsed;
        }

        var scope = $"feedback|{article}|{statusName}";
        FeedbackCursor? after = null;
        var token = NullIfEmpty(request.Query["continuation"]);
        if (token is not null && !TryDecodeCursor(token, scope, out after))
        {
            return Problems.Validation("continuation", "Is not a token this listing returned; start again without it.");
        }

        FeedbackPage page;
        try
        {
            page = await store.ListAsync(new FeedbackQuery(article, status, limit, after), cancellationToken);
        }
        catch (Exception exception) when (StorageFailure.IsTransient(exception, cancellationToken))
        {
            return StorageUnavailable(exception);
        }

        request.HttpContext.Response.Headers.CacheControl = NoStore;
        var next = page.Next is null ? null : ContinuationToken.Encode(scope, $"{page.Next.RowKey}|{page.Next.PartitionKey}");
        return new OkObjectResult(new FeedbackListPage(page.Items.Select(FeedbackListItem.From).ToList(), next));
    }

    [Function(nameof(GetFeedback))]
    public async Task<IActionResult> GetFeedback(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "feedback/{slug}/{id}")] HttpRequest request,
        string slug,
        string id,
        CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug) || !FeedbackId.IsValid(id))
        {
            return FeedbackProblems.ReportNotFound(slug, id);
        }

        FeedbackEntity? report;
        try
        {
            report = await store.GetAsync(slug, id, cancellationToken);
        }
        catch (Exception exception) when (StorageFailure.IsTransient(exception, cancellationToken))
        {
            return StorageUnavailable(exception);
        }

        return report is null ? FeedbackProblems.ReportNotFound(slug, id) : Current(request, report);
    }

    [Function(nameof(PatchFeedback))]
    public async Task<IActionResult> PatchFeedback(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "feedback/{slug}/{id}")] HttpRequest request,
        string slug,
        string id,
        CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug) || !FeedbackId.IsValid(id))
        {
            return FeedbackProblems.ReportNotFound(slug, id);
        }
        if (request.Headers.IfMatch.Count == 0)
        {
            return FeedbackProblems.PreconditionRequired();
        }
        var (body, problem) = await JsonRequestBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var update = FeedbackUpdateParser.Parse(body!);
        if (!update.IsValid)
        {
            return Problems.Validation(update.Errors, "The change is invalid; nothing was changed.");
        }

        try
        {
            return await ApplyAsync(request, slug, id, update.Value!, cancellationToken);
        }
        catch (Exception exception) when (StorageFailure.IsTransient(exception, cancellationToken))
        {
            return StorageUnavailable(exception);
        }
    }

    private async Task<IActionResult> ApplyAsync(
        HttpRequest request, string slug, string id, FeedbackUpdate update, CancellationToken cancellationToken)
    {
        var report = await store.GetAsync(slug, id, cancellationToken);
        if (report is null)
        {
            return FeedbackProblems.ReportNotFound(slug, id);
        }
        if (!HttpCaching.IfMatchAllows(request, ETagOf(report)))
        {
            return FeedbackProblems.PreconditionFailed();
        }

        var from = FeedbackNames.TryParseStatus(report.Status, out var current) ? current : FeedbackStatus.New;
        var to = update.Status ?? from;
        if (!FeedbackStatusTransitions.IsAllowed(from, to))
        {
            return FeedbackProblems.StatusTransitionNotAllowed(from.ToName(), to.ToName());
        }

        report.Status = to.ToName();
        if (update.NoteGiven)
        {
            report.EditorNote = update.Note;
        }
        report.Updated = time.GetUtcNow();

        // The table's own ETag guards the write, so a change saved between the read and here still wins.
        var written = await store.TryReplaceAsync(report, report.ETag, cancellationToken);
        if (written is null)
        {
            return FeedbackProblems.PreconditionFailed();
        }
        report.ETag = written.Value;
        logger.LogInformation("Feedback {FeedbackId} on {Slug} moved from {From} to {To}", id, slug, from.ToName(), to.ToName());
        return Current(request, report);
    }

    private IActionResult StorageUnavailable(Exception exception)
    {
        logger.LogWarning(exception, "Feedback storage unavailable");
        return FeedbackProblems.StorageUnavailable(options.Value.StorageRetryAfter);
    }

    private static IActionResult Current(HttpRequest request, FeedbackEntity report)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = ETagOf(report);
        headers.CacheControl = NoStore;
        return new OkObjectResult(FeedbackDetails.From(report));
    }

    // Table ETags are weak (W/"datetime'…'"), and If-Match compares strongly, so clients get a strong tag derived from it.
    private static string ETagOf(FeedbackEntity report) => HttpCaching.StrongETag(report.ETag.ToString());

    private static bool TryDecodeCursor(string token, string scope, out FeedbackCursor? cursor)
    {
        cursor = null;
        if (!ContinuationToken.TryDecode(token, scope, out var value) || value is null)
        {
            return false;
        }
        var parts = value.Split('|');
        if (parts.Length != 2 || !FeedbackId.IsValid(parts[0]) || !Slug.IsValid(parts[1]))
        {
            return false;
        }
        cursor = new FeedbackCursor(parts[0], parts[1]);
        return true;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
