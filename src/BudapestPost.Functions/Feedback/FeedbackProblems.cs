using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BudapestPost.Functions.Feedback;

/// <summary>The problem responses only the feedback endpoints give.</summary>
public static class FeedbackProblems
{
    public static IActionResult ReportNotFound(string slug, string id) =>
        Problems.NotFound($"There is no report '{id}' on article '{slug}'.");

    public static IActionResult IdempotencyKeyReused() =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, "idempotency-key-reused",
            "The Idempotency-Key was used with a different request.", "Use a new Idempotency-Key for a different report.");

    public static IActionResult RateLimited(TimeSpan retryAfter) =>
        new RetryAfterResult(Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many reports.",
            "Too many reports from this address; try again later."), retryAfter);

    public static IActionResult PreconditionRequired() =>
        Problems.Create(StatusCodes.Status428PreconditionRequired, "precondition-required", "If-Match is required.",
            "Read the report first and send its ETag in If-Match, so another editor's change is not overwritten.");

    public static IActionResult PreconditionFailed() =>
        Problems.Create(StatusCodes.Status412PreconditionFailed, "precondition-failed", "The report has changed.",
            "Another change was saved since the report was read; read it again and reapply your change.");

    public static IActionResult StatusTransitionNotAllowed(string from, string to) =>
        Problems.Create(StatusCodes.Status409Conflict, "status-transition-not-allowed", "The status change is not allowed.",
            $"A report cannot go from '{from}' to '{to}'.");
}
