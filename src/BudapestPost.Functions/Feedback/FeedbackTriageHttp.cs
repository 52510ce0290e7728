using System.Diagnostics.CodeAnalysis;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Feedback;

/// <summary>The editors' endpoints for reader feedback: list reports, read one, move it through triage.</summary>
public sealed class FeedbackTriageHttp(FeedbackTriage triage)
{
    // Reports hold personal data (email addresses): no shared caches, no stored copies.
    private const string NoStore = "no-store";

    [Function(nameof(ListFeedback))]
    public async Task<IActionResult> ListFeedback(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "feedback")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!TryReadQuery(request, out var query, out var problem))
        {
            return problem;
        }

        var page = await triage.ListAsync(query, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = NoStore;
        return new OkObjectResult(page);
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

        var report = await triage.GetAsync(slug, id, cancellationToken);
        return report is null ? FeedbackProblems.ReportNotFound(slug, id) : Current(request, report);
    }

    [Function(nameof(PatchFeedback))]
    public async Task<IActionResult> PatchFeedback(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = "feedback/{slug}/{id}")] HttpRequest request,
        string slug,
        string id,
        CancellationToken cancellationToken)
    {
        if (!TryReadUpdate(request, slug, id, await JsonRequestBody.ReadAsync(request, cancellationToken), out var update, out var problem))
        {
            return problem;
        }

        var result = await triage.ChangeAsync(slug, id, update, etag => HttpCaching.IfMatchAllows(request, etag), cancellationToken);
        return result.Outcome switch
        {
            TriageOutcome.Applied => Current(request, result.Report!),
            TriageOutcome.NotFound => FeedbackProblems.ReportNotFound(slug, id),
            TriageOutcome.Changed => FeedbackProblems.PreconditionFailed(),
            TriageOutcome.NotAllowed => FeedbackProblems.StatusTransitionNotAllowed(result.From.ToName(), result.To.ToName()),
            _ => throw new System.Diagnostics.UnreachableException($"Unhandled outcome {result.Outcome}."),
        };
    }

    private static bool TryReadQuery(HttpRequest request, out FeedbackQuery query, [NotNullWhen(false)] out IActionResult? problem)
    {
        query = null!;
        if (!Paging.TryReadLimit(request, out var limit, out problem))
        {
            return false;
        }
        var article = NullIfEmpty(request.Query["article"]);
        if (article is not null && !Slug.IsValid(article))
        {
            problem = Problems.InvalidSlug("article");
            return false;
        }
        var statusName = NullIfEmpty(request.Query["status"]);
        FeedbackStatus? status = FeedbackNames.TryParseStatus(statusName, out var parsed) ? parsed : null;
        if (statusName is not null && status is null)
        {
            problem = Problems.Validation("status", $"Must be one of: {string.Join(", ", FeedbackNames.AllStatuses)}.");
            return false;
        }
        FeedbackCursor? after = null;
        var token = NullIfEmpty(request.Query["continuation"]);
        if (token is not null && !FeedbackTriage.TryReadContinuation(token, article, status, out after))
        {
            problem = Problems.InvalidContinuation();
            return false;
        }
        query = new FeedbackQuery(article, status, limit, after);
        return true;
    }

    private static bool TryReadUpdate(
        HttpRequest request, string slug, string id, (byte[]? Body, IActionResult? Problem) read,
        [NotNullWhen(true)] out FeedbackUpdate? update, [NotNullWhen(false)] out IActionResult? problem)
    {
        update = null;
        problem = !Slug.IsValid(slug) || !FeedbackId.IsValid(id) ? FeedbackProblems.ReportNotFound(slug, id)
            : request.Headers.IfMatch.Count == 0 ? FeedbackProblems.PreconditionRequired()
            : read.Problem;
        if (problem is not null)
        {
            return false;
        }
        var parsed = FeedbackUpdateParser.Parse(read.Body!);
        if (!parsed.IsValid)
        {
            problem = Problems.Validation(parsed.Errors, "The change is invalid; nothing was changed.");
            return false;
        }
        update = parsed.Value;
        return true;
    }

    private static IActionResult Current(HttpRequest request, FeedbackEntity report)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = FeedbackTriage.ETagOf(report);
        headers.CacheControl = NoStore;
        return new OkObjectResult(FeedbackDetails.From(report));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
