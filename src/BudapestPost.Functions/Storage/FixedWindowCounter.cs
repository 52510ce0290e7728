using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Storage;

/// <summary>Whether a use was counted, and if not, how long until the counter's window ends.</summary>
public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow { get; } = new(true, TimeSpan.Zero);
}

/// <summary>
/// Fixed-window counters kept in a table, so every instance of the app counts against the same numbers
/// (in-memory limiters would multiply a limit by the instance count on Flex Consumption, and reset whenever
/// an instance is recycled). Each counter is one row written If-Match its ETag, so no use is lost, and
/// reused when its window has passed, so rows grow with clients, not with time. A row is kept as this
/// instance last wrote it, so counting the next use is one write; it is read only when another instance
/// wrote it since (the write fails), or when it is kept full (a use may have been given back since).
/// </summary>
public sealed class FixedWindowCounter(TableClient table, TimeProvider time) : IDisposable
{
    // Enough for a burst of parallel requests from one client; beyond it the client is told to slow down.
    private const int MaxAttempts = 8;
    private const int KeptCounters = 100_000;

    private readonly LastSeen<RateCounterEntity> _lastWritten = new(KeptCounters, _ => 1);

    /// <summary>Counts one use of the counter (<paramref name="partitionKey"/>, <paramref name="rowKey"/>) unless it is at <paramref name="limit"/>.</summary>
    public async Task<RateLimitDecision> AcquireAsync(
        string partitionKey, string rowKey, int limit, TimeSpan window, CancellationToken cancellationToken) =>
        (await AcquireAsync(partitionKey, rowKey, limit, window, [], cancellationToken))!;

    /// <summary>Whether the counter is at <paramref name="limit"/> as this instance last wrote it, asking no one: final for a counter nothing gives back to.</summary>
    public bool KnownFull(string partitionKey, string rowKey, int limit, TimeSpan window, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        return _lastWritten.Find(partitionKey, rowKey) is { } kept && Next(kept, partitionKey, rowKey, limit, window, out retryAfter) is null;
    }

    /// <summary>
    /// Counts one use unless the counter is at <paramref name="limit"/>, in one transaction with <paramref name="alongside"/>
    /// (actions on the counter's partition): the use is counted exactly when they are written. Null, with nothing
    /// written, when one of them lost a race (say, a row they add exists) while the counter was as believed.
    /// </summary>
    public async Task<RateLimitDecision?> AcquireAsync(
        string partitionKey, string rowKey, int limit, TimeSpan window, IReadOnlyList<TableTransactionAction> alongside,
        CancellationToken cancellationToken)
    {
        var current = _lastWritten.Find(partitionKey, rowKey);
        if (current is null || Next(current, partitionKey, rowKey, limit, window, out _) is null)
        {
            current = await table.FindAsync<RateCounterEntity>(partitionKey, rowKey, cancellationToken);
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (Next(current, partitionKey, rowKey, limit, window, out var retryAfter) is not { } next)
            {
                return new RateLimitDecision(false, retryAfter);
            }
            if (await WriteAsync(next, current, alongside, cancellationToken))
            {
                return RateLimitDecision.Allow;
            }
            var stored = await table.FindAsync<RateCounterEntity>(partitionKey, rowKey, cancellationToken);
            if (alongside.Count > 0 && stored?.ETag == current?.ETag)
            {
                return null;
            }
            current = stored;
        }
        return new RateLimitDecision(false, TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Takes back one use counted in the current window that was not used after all. Retried until it lands, however
    /// contended: a lost give-back would leave the limit lower than it is, and every failed attempt means another
    /// request wrote the row, so the retries end.
    /// </summary>
    public async Task ReleaseAsync(string partitionKey, string rowKey, TimeSpan window, CancellationToken cancellationToken)
    {
        var current = _lastWritten.Find(partitionKey, rowKey) ?? await table.FindAsync<RateCounterEntity>(partitionKey, rowKey, cancellationToken);
        while (current is { Count: > 0 } && current.WindowStart == WindowStart(time.GetUtcNow(), window, out _))
        {
            var next = new RateCounterEntity { PartitionKey = partitionKey, RowKey = rowKey, WindowStart = current.WindowStart, Count = current.Count - 1 };
            if (await WriteAsync(next, current, [], cancellationToken))
            {
                return;
            }
            current = await table.FindAsync<RateCounterEntity>(partitionKey, rowKey, cancellationToken);
        }
    }

    public void Dispose() => _lastWritten.Dispose();

    // The row with one more use in the window of now, or null, with how long until the window ends, when it is at the limit.
    private RateCounterEntity? Next(RateCounterEntity? current, string partitionKey, string rowKey, int limit, TimeSpan window, out TimeSpan retryAfter)
    {
        var windowStart = WindowStart(time.GetUtcNow(), window, out retryAfter);
        var count = current?.WindowStart == windowStart ? current.Count : 0;
        return count >= limit ? null : new RateCounterEntity { PartitionKey = partitionKey, RowKey = rowKey, WindowStart = windowStart, Count = count + 1 };
    }

    private async Task<bool> WriteAsync(
        RateCounterEntity next, RateCounterEntity? current, IReadOnlyList<TableTransactionAction> alongside, CancellationToken cancellationToken)
    {
        var written = await table.TrySubmitAsync([.. alongside, ConditionalWrite.AddOrReplace(next, current?.ETag ?? default)], cancellationToken);
        next.ETag = written?[^1] ?? default;
        _lastWritten.Remember(next);
        return written is not null;
    }

    private static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window, out TimeSpan retryAfter)
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
