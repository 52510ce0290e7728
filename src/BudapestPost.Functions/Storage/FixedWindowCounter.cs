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
            var existing = await table.GetEntityIfExistsAsync<RateCounterEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            var next = Next(existing.HasValue ? existing.Value : null, partitionKey, rowKey, limit, window, time.GetUtcNow(), out var retryAfter);
            if (next is null)
            {
                return new RateLimitDecision(false, retryAfter);
            }
            if (await ConditionalWrite.TryAsync(() => next.ETag == default
                ? table.AddEntityAsync(next, cancellationToken)
                : table.UpdateEntityAsync(next, next.ETag, TableUpdateMode.Replace, cancellationToken)))
            {
                return RateLimitDecision.Allow;
            }
        }
        return new RateLimitDecision(false, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// The row <paramref name="current"/> (null: none yet) becomes with one more use counted in the window of
    /// <paramref name="now"/>, to write If-Match its ETag (or as a new row); null, and how long until the window
    /// ends, when it is at <paramref name="limit"/>.
    /// </summary>
    public static RateCounterEntity? Next(RateCounterEntity? current, string partitionKey, string rowKey, int limit, TimeSpan window,
        DateTimeOffset now, out TimeSpan retryAfter)
    {
        var windowStart = WindowStart(now, window, out retryAfter);
        if (current?.WindowStart == windowStart && current.Count >= limit)
        {
            return null;
        }
        return new RateCounterEntity
        {
            PartitionKey = partitionKey,
            RowKey = rowKey,
            WindowStart = windowStart,
            Count = current?.WindowStart == windowStart ? current.Count + 1 : 1,
            ETag = current?.ETag ?? default,
        };
    }

    /// <summary>The start of the fixed window <paramref name="now"/> falls in, and how long until it ends.</summary>
    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window, out TimeSpan retryAfter)
    {
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
        retryAfter = start + window - now;
        return start;
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
