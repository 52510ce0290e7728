using System.Diagnostics.CodeAnalysis;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Core.Validation;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Feedback;

/// <summary>The public endpoint readers use to report inaccuracies, typos and broken links.</summary>
public sealed class FeedbackHttp(FeedbackIntake intake, ClientAddress clientAddress)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function(nameof(PostFeedback))]
    public async Task<IActionResult> PostFeedback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/articles/{slug}/feedback")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        if (!TryReadSubmission(request, slug, await RequestBody.ReadAsync(request, "application/json", FeedbackLimits.BodyMaxBytes, cancellationToken), out var submission, out var problem))
        {
            return problem;
        }

        var result = await intake.SubmitAsync(submission, cancellationToken);
        return result.Outcome switch
        {
            FeedbackIntakeOutcome.Created or FeedbackIntakeOutcome.Replayed =>
                new CreatedResult(ArticleUrls.FeedbackReport(slug, result.Receipt!.Id), result.Receipt),
            FeedbackIntakeOutcome.ArticleNotFound => Problems.ArticleNotFound(slug),
            FeedbackIntakeOutcome.IdempotencyConflict => FeedbackProblems.IdempotencyKeyReused(),
            FeedbackIntakeOutcome.RateLimited => FeedbackProblems.RateLimited(result.RetryAfter),
            _ => throw new System.Diagnostics.UnreachableException($"Unhandled outcome {result.Outcome}."),
        };
    }

    private bool TryReadSubmission(
        HttpRequest request, string slug, (byte[]? Body, IActionResult? Problem) read,
        [NotNullWhen(true)] out FeedbackIntakeRequest? submission, [NotNullWhen(false)] out IActionResult? problem)
    {
        submission = null;
        problem = Slug.IsValid(slug) ? read.Problem : Problems.InvalidSlug("slug");
        if (problem is not null)
        {
            return false;
        }
        var idempotencyKey = IdempotencyKey(request, out var keyError);
        var parsed = FeedbackSubmissionParser.Parse(read.Body!);
        if (keyError is not null || !parsed.IsValid)
        {
            problem = Problems.Validation(keyError is null ? parsed.Errors : [.. parsed.Errors, keyError], "The report is invalid; nothing was stored.");
            return false;
        }
        submission = new FeedbackIntakeRequest(
            slug, parsed.Value!, idempotencyKey, clientAddress.Resolve(request), request.Headers.UserAgent.ToString());
        return true;
    }

    // Printable ASCII only, so the key is what the client meant and not an artefact of header decoding.
    private static string? IdempotencyKey(HttpRequest request, out FieldError? error)
    {
        error = null;
        if (!request.Headers.TryGetValue(IdempotencyKeyHeader, out var values))
        {
            return null;
        }
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > FeedbackLimits.IdempotencyKeyMaxLength || key.Any(c => c is < '!' or > '~'))
        {
            error = new FieldError(IdempotencyKeyHeader,
                $"Must be one value of 1 to {FeedbackLimits.IdempotencyKeyMaxLength} printable ASCII characters without spaces.");
            return null;
        }
        return key;
    }
}
