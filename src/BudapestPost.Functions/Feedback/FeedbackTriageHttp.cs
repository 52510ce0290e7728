using System.Diagnostics.CodeAnalysis;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Editors;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Feedback;

/// <summary>The editors' endpoints for reader feedback: list reports, read one, move it through triage, and the queue of articles by reports.</summary>
/// <remarks>Reports hold personal data (email addresses): every answer is <c>no-store</c> (<see cref="NoStoreByDefaultMiddleware"/>).</remarks>
public sealed class FeedbackTriageHttp(FeedbackTriage triage)
{
    [Function(nameof(ListFeedback))]
    [RequiresRole(EditorRole.Editor)]
    [Audited("feedback.list")]
    public async Task<IActionResult> ListFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/feedback")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!TryReadQuery(request, out var query, out var problem))
        {
            return problem;
        }

        return new OkObjectResult(await triage.ListAsync(query, cancellationToken));
    }

    [Function(nameof(ListFeedbackArticles))]
    [RequiresRole(EditorRole.Editor)]
    public async Task<IActionResult> ListFeedbackArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/feedback/articles")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryReadLimit(request, out var limit, out var problem) || !TryReadStatus(request, out var status, out problem))
        {
            return problem;
        }

        var continuation = NullIfEmpty(request.Query["continuation"]);
        var page = await triage.ListQueueAsync(status ?? FeedbackStatus.New, limit, continuation, cancellationToken);
        return page is null ? Problems.InvalidContinuation() : new OkObjectResult(page);
    }

    [Function(nameof(RebuildFeedbackQueue))]
    [RequiresRole(EditorRole.Admin)]
    [Audited("feedback.queue.rebuild")]
    public async Task<IActionResult> RebuildFeedbackQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/feedback/queue/rebuild")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult(await triage.RebuildQueueAsync(cancellationToken));

    [Function(nameof(GetFeedback))]
    [RequiresRole(EditorRole.Editor)]
    [Audited("feedback.read")]
    public async Task<IActionResult> GetFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/feedback/{slug}/{id}")] HttpRequest request,
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
    [RequiresRole(EditorRole.Editor)]
    [Audited("feedback.triage")]
    public async Task<IActionResult> PatchFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/feedback/{slug}/{id}")] HttpRequest request,
        string slug,
        string id,
        CancellationToken cancellationToken)
    {
        if (!TryReadUpdate(request, slug, id, await RequestBody.ReadAsync(request, "application/json", FeedbackLimits.BodyMaxBytes, cancellationToken), out var update, out var problem))
        {
            return problem;
        }

        var result = await triage.ChangeAsync(slug, id, update, EditorAccessMiddleware.CallerOf(request).Name, etag => HttpCaching.IfMatchAllows(request, etag), cancellationToken);
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
        if (!TryReadStatus(request, out var status, out problem))
        {
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

    private static bool TryReadStatus(HttpRequest request, out FeedbackStatus? status, [NotNullWhen(false)] out IActionResult? problem)
    {
        problem = null;
        var name = NullIfEmpty(request.Query["status"]);
        status = FeedbackNames.TryParseStatus(name, out var parsed) ? parsed : null;
        if (name is not null && status is null)
        {
            problem = Problems.Validation("status", $"Must be one of: {string.Join(", ", FeedbackNames.AllStatuses)}.");
            return false;
        }
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
        request.HttpContext.Response.Headers.ETag = FeedbackTriage.ETagOf(report);
        return new OkObjectResult(FeedbackDetails.From(report));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
