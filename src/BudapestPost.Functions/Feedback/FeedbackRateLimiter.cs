using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Per-client fixed-window limits kept in the Feedback table, so every instance of the app counts
/// against the same numbers (in-memory limiters would multiply the limit by the instance count on
/// Flex Consumption, and reset whenever an instance is recycled). Each counter is one row updated
/// with ETag concurrency; the row is reused when its window has passed, so rows grow with clients,
/// not with time.
/// </summary>
public sealed class FeedbackRateLimiter(
    TableServiceClient tables, IOptions<StorageOptions> storage, IOptions<FeedbackOptions> options, TimeProvider time)
{
    private readonly TableClient _table = tables.GetTableClient(storage.Value.FeedbackTable);
    // Enough for a burst of parallel requests from one client; beyond it the client is told to slow down.
    private const int MaxAttempts = 8;

    private readonly FeedbackOptions _options = options.Value;

    /// <summary>
    /// Counts one report against the per-article limit, then against the overall limit. A report refused
    /// by the overall limit has still used one per-article permit; that only happens to a client that is
    /// over its hourly allowance anyway.
    /// </summary>
    public async Task<RateLimitDecision> AcquireAsync(string slug, string clientHash, CancellationToken cancellationToken)
    {
        var perArticle = await AcquireAsync(
            slug, FeedbackTableKeys.RateRow(clientHash), _options.PerArticlePermitLimit, _options.PerArticleWindow, cancellationToken);
        if (!perArticle.Allowed)
        {
            return perArticle;
        }
        return await AcquireAsync(
            FeedbackTableKeys.ClientsPartition, FeedbackTableKeys.RateRow(clientHash), _options.PerClientPermitLimit, _options.PerClientWindow, cancellationToken);
    }

    private async Task<RateLimitDecision> AcquireAsync(
        string partitionKey, string rowKey, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
            var retryAfter = windowStart + window - now;

            var existing = await _table.GetEntityIfExistsAsync<RateCounterEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                var counter = new RateCounterEntity { PartitionKey = partitionKey, RowKey = rowKey, WindowStart = windowStart, Count = 1 };
                if (await TryWriteAsync(() => _table.AddEntityAsync(counter, cancellationToken)))
                {
                    return RateLimitDecision.Allow;
                }
                continue;
            }

            var current = existing.Value!;
            if (current.WindowStart == windowStart && current.Count >= limit)
            {
                return new RateLimitDecision(false, retryAfter);
            }
            current.Count = current.WindowStart == windowStart ? current.Count + 1 : 1;
            current.WindowStart = windowStart;
            if (await TryWriteAsync(() => _table.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace, cancellationToken)))
            {
                return RateLimitDecision.Allow;
            }
        }
        return new RateLimitDecision(false, TimeSpan.FromSeconds(1));
    }

    // False when another request changed or created the counter first; the caller reads it again.
    private static async Task<bool> TryWriteAsync(Func<Task<Response>> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412 || e.ErrorCode == TableErrorCode.EntityAlreadyExists)
        {
            return false;
        }
    }
}

/// <summary>Whether a client may send another report now, and if not, how long until it may.</summary>
public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow { get; } = new(true, TimeSpan.Zero);
}
