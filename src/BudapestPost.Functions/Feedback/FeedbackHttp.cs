using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>The public endpoint readers use to report inaccuracies, typos and broken links.</summary>
public sealed class FeedbackHttp(FeedbackIntake intake, IOptions<FeedbackOptions> options, ILogger<FeedbackHttp> logger)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function(nameof(PostFeedback))]
    public async Task<IActionResult> PostFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "articles/{slug}/feedback")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug))
        {
            return Problems.InvalidSlug("slug");
        }
        var (body, problem) = await JsonRequestBody.ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var idempotencyKey = IdempotencyKey(request, out var keyError);
        var parsed = FeedbackSubmissionParser.Parse(body!);
        if (keyError is not null || !parsed.IsValid)
        {
            return Problems.Validation(keyError is null ? parsed.Errors : [.. parsed.Errors, keyError], "The report is invalid; nothing was stored.");
        }

        var submission = new FeedbackIntakeRequest(
            slug, parsed.Value!, idempotencyKey, ClientAddress.Resolve(request), request.Headers.UserAgent.ToString());
        FeedbackIntakeResult result;
        try
        {
            result = await intake.SubmitAsync(submission, cancellationToken);
        }
        catch (Exception exception) when (StorageFailure.IsTransient(exception, cancellationToken))
        {
            logger.LogWarning(exception, "Feedback on {Slug} not stored: storage unavailable", slug);
            return FeedbackProblems.StorageUnavailable(options.Value.StorageRetryAfter);
        }

        return result.Outcome switch
        {
            FeedbackIntakeOutcome.Created or FeedbackIntakeOutcome.Replayed =>
                new CreatedResult(FeedbackUrls.Report(slug, result.Receipt!.Id), result.Receipt),
            FeedbackIntakeOutcome.ArticleNotFound => Problems.NotFound($"There is no published article '{slug}'."),
            FeedbackIntakeOutcome.IdempotencyConflict => FeedbackProblems.IdempotencyKeyReused(),
            FeedbackIntakeOutcome.RateLimited => FeedbackProblems.RateLimited(result.RetryAfter),
            _ => throw new System.Diagnostics.UnreachableException($"Unhandled outcome {result.Outcome}."),
        };
    }

    // Printable ASCII only, so the key is what the client meant and not an artefact of header decoding.
    private static string? IdempotencyKey(HttpRequest request, out Core.Validation.FieldError? error)
    {
        error = null;
        if (!request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return null;
        }
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > FeedbackLimits.IdempotencyKeyMaxLength || key.Any(c => c is < '!' or > '~'))
        {
            error = new Core.Validation.FieldError(IdempotencyKeyHeader,
                $"Must be one value of 1 to {FeedbackLimits.IdempotencyKeyMaxLength} printable ASCII characters without spaces.");
            return null;
        }
        return key;
    }
}
