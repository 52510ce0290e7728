using System.Security.Cryptography;
using System.Text.Json;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Articles;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Accepts a validated reader report, top to bottom: the article must be published and an Idempotency-Key
/// replays the first answer; then the client's limits are counted, the report is stored, and it is counted
/// in the editors' queue. Storage failures propagate with nothing half-written; the exception middleware
/// answers 503.
/// </summary>
public sealed class FeedbackIntake(ArticleReader articles, FeedbackStore store, TimeProvider time, ILogger<FeedbackIntake> logger)
{
    /// <summary>Longest user agent kept; enough to tell browsers and apps apart.</summary>
    public const int UserAgentMaxLength = 200;

    public async Task<FeedbackIntakeResult> SubmitAsync(FeedbackIntakeRequest request, CancellationToken cancellationToken)
    {
        if (await articles.StatusAsync(request.Slug, cancellationToken) != ArticleStatus.Published)
        {
            return new FeedbackIntakeResult(FeedbackIntakeOutcome.ArticleNotFound);
        }
        var requestHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request.Submission)));
        if (request.IdempotencyKey is not null && await store.FindIdempotencyAsync(request.Slug, request.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return Replay(earlier, requestHash);
        }

        // Limit: the per-article limit as this instance knows it, then the one over all articles.
        var clientHash = await store.HashClientAsync(request.ClientAddress, cancellationToken);
        if (store.ArticleLimitReached(request.Slug, clientHash, out var articleWait))
        {
            return RateLimited(request.Slug, clientHash, articleWait);
        }
        var overAll = await store.CountClientReportAsync(clientHash, cancellationToken);
        if (!overAll.Allowed)
        {
            return RateLimited(request.Slug, clientHash, overAll.RetryAfter);
        }

        // Store, counted per article in the same transaction.
        var report = ToEntity(request, clientHash, time.GetUtcNow());
        var idempotency = request.IdempotencyKey is null ? null : new IdempotencyEntity
        {
            PartitionKey = request.Slug, RowKey = FeedbackTableKeys.IdempotencyRow(request.IdempotencyKey),
            FeedbackId = report.RowKey, RequestHash = requestHash, Kind = report.Kind, Received = report.Received,
        };
        var (written, retryAfter) = await store.AddAsync(report, idempotency, cancellationToken);
        if (written != FeedbackWrite.Stored)
        {
            await store.UncountClientReportAsync(clientHash, cancellationToken);
            // A concurrent request with the same key stored first: answer as its retry would be answered.
            return written == FeedbackWrite.RateLimited ? RateLimited(request.Slug, clientHash, retryAfter)
                : Replay(await store.FindIdempotencyAsync(request.Slug, request.IdempotencyKey!, cancellationToken)
                    ?? throw new InvalidOperationException("The idempotency row reported as existing could not be read."), requestHash);
        }
        logger.LogInformation("Stored {Kind} feedback {FeedbackId} on {Slug}", report.Kind, report.RowKey, request.Slug);

        // Count it in the editors' queue.
        var title = await articles.TitleAsync(request.Slug, cancellationToken);
        await store.MoveInQueueAsync(request.Slug, title, report.Kind, from: null, FeedbackStatus.New, cancellationToken);
        return new FeedbackIntakeResult(FeedbackIntakeOutcome.Created, new FeedbackReceipt(report.RowKey, request.Slug, report.Kind, report.Status, report.Received));
    }

    // The hash covers the normalized content, so a retry that only reorders fields or spacing still matches.
    private static FeedbackIntakeResult Replay(IdempotencyEntity earlier, string requestHash) => earlier.RequestHash == requestHash
        ? new FeedbackIntakeResult(FeedbackIntakeOutcome.Replayed,
            new FeedbackReceipt(earlier.FeedbackId, earlier.PartitionKey, earlier.Kind, FeedbackStatus.New.ToName(), earlier.Received))
        : new FeedbackIntakeResult(FeedbackIntakeOutcome.IdempotencyConflict);

    private FeedbackIntakeResult RateLimited(string slug, string clientHash, TimeSpan retryAfter)
    {
        logger.LogInformation("Rate limited feedback on {Slug} from client {ClientHash}", slug, clientHash);
        return new FeedbackIntakeResult(FeedbackIntakeOutcome.RateLimited, RetryAfter: retryAfter);
    }

    private static FeedbackEntity ToEntity(FeedbackIntakeRequest request, string clientHash, DateTimeOffset now) => new()
    {
        PartitionKey = request.Slug,
        RowKey = FeedbackId.Create(now),
        Kind = request.Submission.Kind.ToName(),
        Message = request.Submission.Message,
        Quote = request.Submission.Quote,
        Email = request.Submission.Email,
        Name = request.Submission.Name,
        Status = FeedbackStatus.New.ToName(),
        Received = now,
        Updated = now,
        ClientHash = clientHash,
        UserAgent = string.IsNullOrWhiteSpace(request.UserAgent) ? null : FeedbackText.Truncate(FeedbackText.Normalize(request.UserAgent, multiLine: false), UserAgentMaxLength),
    };
}

/// <summary>A validated report with what the endpoint knows about where it came from.</summary>
public sealed record FeedbackIntakeRequest(string Slug, FeedbackSubmission Submission, string? IdempotencyKey, string ClientAddress, string? UserAgent);

/// <summary>How a submission ended: a receipt when stored (or replayed), a wait time when rate limited.</summary>
public sealed record FeedbackIntakeResult(FeedbackIntakeOutcome Outcome, FeedbackReceipt? Receipt = null, TimeSpan RetryAfter = default);

/// <summary>What a reader gets back for a stored report (never the email address).</summary>
public sealed record FeedbackReceipt(string Id, string Article, string Kind, string Status, DateTimeOffset Received);

public enum FeedbackIntakeOutcome
{
    /// <summary>Stored now.</summary>
    Created,

    /// <summary>Stored earlier under the same Idempotency-Key with the same content; nothing new stored.</summary>
    Replayed,

    /// <summary>No published article with that slug.</summary>
    ArticleNotFound,

    /// <summary>The Idempotency-Key was used before with different content.</summary>
    IdempotencyConflict,

    /// <summary>The client is over a rate limit.</summary>
    RateLimited,
}
