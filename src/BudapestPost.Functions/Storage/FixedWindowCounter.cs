using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Storage;

/// <summary>Whether a client may go on now, and if not, how long until it may.</summary>
public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow { get; } = new(true, TimeSpan.Zero);
}

/// <summary>
/// Fixed-window counters kept in a table, so every instance of the app counts against the same numbers
/// (in-memory limiters would multiply a limit by the instance count on Flex Consumption, and reset whenever
/// an instance is recycled). Each counter is one row updated with ETag concurrency and reused when its
/// window has passed, so rows grow with clients, not with time.
/// </summary>
public sealed class FixedWindowCounter(TableClient table, TimeProvider time)
{
    // Enough for a burst of parallel requests from one client; beyond it the client is told to slow down.
    private const int MaxAttempts = 8;

    /// <summary>Counts one use of the counter (<paramref name="partitionKey"/>, <paramref name="rowKey"/>) unless it is at <paramref name="limit"/>.</summary>
    public async Task<RateLimitDecision> AcquireAsync(
        string partitionKey, string rowKey, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
            var retryAfter = windowStart + window - now;

            var existing = await table.GetEntityIfExistsAsync<RateCounterEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                var counter = new RateCounterEntity { PartitionKey = partitionKey, RowKey = rowKey, WindowStart = windowStart, Count = 1 };
                if (await ConditionalWrite.TryAsync(() => table.AddEntityAsync(counter, cancellationToken)))
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
            if (await ConditionalWrite.TryAsync(() => table.UpdateEntityAsync(current, current.ETag, TableUpdateMode.Replace, cancellationToken)))
            {
                return RateLimitDecision.Allow;
            }
        }
        return new RateLimitDecision(false, TimeSpan.FromSeconds(1));
    }
}

/// <summary>A fixed-window counter: how many uses since <see cref="WindowStart"/>.</summary>
public sealed class RateCounterEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public DateTimeOffset WindowStart { get; set; }
    public int Count { get; set; }
}
