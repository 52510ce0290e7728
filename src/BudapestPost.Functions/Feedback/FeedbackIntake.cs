using System.Security.Cryptography;
using System.Text.Json;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Articles;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Accepts a validated reader report: the article must be published, an Idempotency-Key replays the
/// first answer, the client must be within its rate limits, and only then is the report stored and
/// counted in the editors' queue.
/// Storage failures propagate with nothing half-written; the exception middleware answers 503.
/// </summary>
public sealed class FeedbackIntake(
    ArticleReader articles,
    FeedbackStore store,
    FeedbackArticleWriter writer,
    FeedbackQueue queue,
    FeedbackRateLimiter rateLimiter,
    ClientHasher clientHasher,
    TimeProvider time,
    ILogger<FeedbackIntake> logger)
{
    /// <summary>Longest user agent kept; enough to tell browsers and apps apart.</summary>
    public const int UserAgentMaxLength = 200;

    public async Task<FeedbackIntakeResult> SubmitAsync(FeedbackIntakeRequest request, CancellationToken cancellationToken)
    {
        if (await articles.StatusAsync(request.Slug, cancellationToken) != ArticleStatus.Published)
        {
            return new FeedbackIntakeResult(FeedbackIntakeOutcome.ArticleNotFound);
        }

        var requestHash = RequestHash(request.Submission);
        if (request.IdempotencyKey is not null)
        {
            var earlier = await store.FindIdempotencyAsync(request.Slug, request.IdempotencyKey, cancellationToken);
            if (earlier is not null)
            {
                return Replay(request.Slug, earlier, requestHash);
            }
        }

        var clientHash = await clientHasher.HashAsync(request.ClientAddress, cancellationToken);
        var report = ToEntity(request, clientHash, time.GetUtcNow());
        var idempotency = request.IdempotencyKey is null ? null : new IdempotencyEntity
        {
            PartitionKey = request.Slug,
            RowKey = FeedbackTableKeys.IdempotencyRow(request.IdempotencyKey),
            FeedbackId = report.RowKey,
            RequestHash = requestHash,
            Kind = report.Kind,
            Received = report.Received,
        };
        var (outcome, retryAfter) = await StoreCountedAsync(report, idempotency, cancellationToken);
        switch (outcome)
        {
            case FeedbackIntakeOutcome.Created:
                logger.LogInformation("Stored {Kind} feedback {FeedbackId} on {Slug}", report.Kind, report.RowKey, request.Slug);
                await queue.MoveAsync(request.Slug, report.Kind, from: null, FeedbackStatus.New, cancellationToken);
                return new FeedbackIntakeResult(outcome, ReceiptOf(request.Slug, report.RowKey, report.Kind, report.Received));
            case FeedbackIntakeOutcome.Replayed:
                // A concurrent request with the same key stored first; answer as its retry would be answered.
                var winner = await store.FindIdempotencyAsync(request.Slug, request.IdempotencyKey!, cancellationToken)
                    ?? throw new InvalidOperationException("The idempotency row reported as existing could not be read.");
                return Replay(request.Slug, winner, requestHash);
            default:
                logger.LogInformation("Rate limited feedback on {Slug} from client {ClientHash}", request.Slug, clientHash);
                return new FeedbackIntakeResult(outcome, RetryAfter: retryAfter);
        }
    }

    /// <summary>
    /// Counts the report against its sender's limit over all articles, then stores it in one transaction with its
    /// per-article counter and idempotency row: Created, RateLimited (with the wait), or Replayed when a request with
    /// the same Idempotency-Key stored first. A permit over all articles taken for a report that is then not stored
    /// is given back.
    /// </summary>
    private async Task<(FeedbackIntakeOutcome, TimeSpan RetryAfter)> StoreCountedAsync(
        FeedbackEntity report, IdempotencyEntity? idempotency, CancellationToken cancellationToken)
    {
        var (slug, clientHash) = (report.PartitionKey, report.ClientHash);
        if (rateLimiter.ArticleWindowKnownFull(slug, clientHash, out var articleWait))
        {
            return (FeedbackIntakeOutcome.RateLimited, articleWait);
        }
        var decision = await rateLimiter.AcquireClientPermitAsync(clientHash, cancellationToken);
        if (!decision.Allowed)
        {
            return (FeedbackIntakeOutcome.RateLimited, decision.RetryAfter);
        }
        var (written, retryAfter) = await writer.StoreAsync(report, idempotency, cancellationToken);
        if (written == FeedbackWrite.Stored)
        {
            return (FeedbackIntakeOutcome.Created, TimeSpan.Zero);
        }
        await rateLimiter.ReleaseClientPermitAsync(clientHash, cancellationToken);
        return written == FeedbackWrite.IdempotencyKeyTaken
            ? (FeedbackIntakeOutcome.Replayed, TimeSpan.Zero)
            : (FeedbackIntakeOutcome.RateLimited, retryAfter);
    }

    private static FeedbackIntakeResult Replay(string slug, IdempotencyEntity earlier, string requestHash) =>
        earlier.RequestHash == requestHash
            ? new FeedbackIntakeResult(FeedbackIntakeOutcome.Replayed, ReceiptOf(slug, earlier.FeedbackId, earlier.Kind, earlier.Received))
            : new FeedbackIntakeResult(FeedbackIntakeOutcome.IdempotencyConflict);

    private static FeedbackReceipt ReceiptOf(string slug, string id, string kind, DateTimeOffset received) =>
        new(id, slug, kind, FeedbackStatus.New.ToName(), received);

    // The hash covers the normalized content, so a retry that only reorders fields or spacing still matches.
    private static string RequestHash(FeedbackSubmission submission) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(submission)));

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
        UserAgent = TruncatedUserAgent(request.UserAgent),
    };

    private static string? TruncatedUserAgent(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return null;
        }
        var clean = FeedbackText.Normalize(userAgent, multiLine: false);
        if (clean.Length <= UserAgentMaxLength)
        {
            return clean;
        }
        var cut = char.IsHighSurrogate(clean[UserAgentMaxLength - 1]) ? UserAgentMaxLength - 1 : UserAgentMaxLength;
        return clean[..cut];
    }
}

/// <summary>A validated report with what the endpoint knows about where it came from.</summary>
public sealed record FeedbackIntakeRequest(
    string Slug,
    FeedbackSubmission Submission,
    string? IdempotencyKey,
    string ClientAddress,
    string? UserAgent);

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
