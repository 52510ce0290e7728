using System.Collections.Concurrent;
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
/// reused when its window has passed. Rows of past windows are deleted once a partition's counting enters a new
/// window, so the rows stay bounded by the clients of about one window, not by every client ever seen (say,
/// rotating IPv6 prefixes).
/// </summary>
/// <remarks>
/// A row is written with the ETag this instance last wrote (<see cref="LastSeen{T}"/>), and read only when another
/// instance wrote it since or it is kept full (a use may have been given back). Uses of one partition's counters
/// that arrive while a write to it is in flight share the next transaction (<see cref="WriteCoalescer{TChange}"/>),
/// each counter once: a storage request costs far more than the rows it carries. A transaction that loses a race
/// is counted again use by use.
/// </remarks>
public sealed class FixedWindowCounter(TableClient table, TimeProvider time) : IDisposable
{
    // Enough for a burst of parallel requests from one client; beyond it the client is told to slow down.
    private const int MaxAttempts = 8;
    private const int KeptCounters = 100_000;
    private const int MaxActions = 100;

    private readonly LastSeen<RateCounterEntity> _lastWritten = new(KeptCounters, _ => 1);
    private readonly WriteCoalescer<Use> _writes = new();

    // Per partition, the window whose predecessors this instance swept (or is sweeping).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _swept = new(StringComparer.Ordinal);

    /// <summary>Counts one use of the counter (<paramref name="partitionKey"/>, <paramref name="rowKey"/>) unless it is at <paramref name="limit"/>.</summary>
    public async Task<RateLimitDecision> AcquireAsync(
        string partitionKey, string rowKey, int limit, TimeSpan window, CancellationToken cancellationToken) =>
        (await AcquireAsync(partitionKey, rowKey, limit, window, [], cancellationToken))!;

    /// <summary>
    /// Counts one use unless the counter is at <paramref name="limit"/>, in one transaction with <paramref name="alongside"/>
    /// (actions on the counter's partition): the use is counted exactly when they are written. Null, with nothing
    /// written, when one of them lost a race (say, a row they add exists) while the counter was as believed.
    /// </summary>
    public async Task<RateLimitDecision?> AcquireAsync(
        string partitionKey, string rowKey, int limit, TimeSpan window, IReadOnlyList<TableTransactionAction> alongside,
        CancellationToken cancellationToken)
    {
        var use = new Use(rowKey, limit, window, alongside);
        SweepPastWindows(partitionKey, window);
        // The batch is shared, so no one caller's cancellation stops it; each caller stops waiting on its own.
        await _writes.ApplyAsync(partitionKey, use, uses => CountAsync(partitionKey, uses), cancellationToken);
        return use.Decision;
    }

    /// <summary>Whether the counter is at <paramref name="limit"/> as this instance last wrote it, asking no one: final for a counter nothing gives back to.</summary>
    public bool KnownFull(string partitionKey, string rowKey, int limit, TimeSpan window, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        return _lastWritten.Find(partitionKey, rowKey) is { } kept && Next(kept, partitionKey, rowKey, limit, window, out retryAfter) is null;
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
            if (await TryWriteAsync([], [(next, current)], cancellationToken))
            {
                return;
            }
            current = await table.FindAsync<RateCounterEntity>(partitionKey, rowKey, cancellationToken);
        }
    }

    public void Dispose() => _lastWritten.Dispose();

    // The first use of a partition's counters in a window (on this instance) deletes, in the background, the partition's
    // counter rows of earlier windows: nobody reads them again. Another instance doing the same at once only finds fewer.
    private void SweepPastWindows(string partitionKey, TimeSpan window)
    {
        var current = WindowStart(time.GetUtcNow(), window, out _);
        var last = _swept.GetOrAdd(partitionKey, DateTimeOffset.MinValue);
        // A caller that loses the update to another finds the window taken: that one sweeps.
        if (last < current && _swept.TryUpdate(partitionKey, current, last))
        {
            _ = DeletePastAsync(partitionKey, current);
        }
    }

    // Counter rows only (the filter needs WindowStart, which other rows of the partition do not have), each deleted
    // If-Match the ETag read, so a row a use has just moved to the current window stays. Failures wait for the next window.
    private async Task DeletePastAsync(string partitionKey, DateTimeOffset current)
    {
        await Task.Yield();
        try
        {
            var past = table.QueryAsync<RateCounterEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and WindowStart lt {current}"),
                select: ["PartitionKey", "RowKey", "WindowStart"], cancellationToken: CancellationToken.None);
            await foreach (var row in past)
            {
                _lastWritten.Forget(partitionKey, row.RowKey);
                await ConditionalWrite.TryAsync(() => table.DeleteEntityAsync(partitionKey, row.RowKey, row.ETag, CancellationToken.None));
            }
        }
        catch (Exception)
        {
            // Storage unavailable, or the app stopping: nothing waits for a sweep; a later window's sweep deletes the rows.
        }
    }

    // In transactions of at most MaxActions actions, with no row written alongside twice in one (the service refuses
    // that); a transaction that loses a race is counted again use by use.
    private async Task CountAsync(string partitionKey, IReadOnlyList<Use> uses)
    {
        var transactions = new List<(List<Use> Uses, HashSet<string> Rows)>();
        foreach (var use in uses)
        {
            var rows = use.Alongside.Select(action => action.Entity.RowKey).ToList();
            var fits = transactions.FindIndex(t => t.Uses.Count + t.Rows.Count + rows.Count < MaxActions && !rows.Any(t.Rows.Contains));
            if (fits < 0)
            {
                transactions.Add(([], new HashSet<string>(StringComparer.Ordinal)));
                fits = transactions.Count - 1;
            }
            transactions[fits].Uses.Add(use);
            transactions[fits].Rows.UnionWith(rows);
        }
        foreach (var (together, _) in transactions)
        {
            if (!await TryCountTogetherAsync(partitionKey, together))
            {
                foreach (var use in together)
                {
                    use.Decision = await CountOneAsync(partitionKey, use);
                }
            }
        }
    }

    // Each counter once, with as many of its uses as its limit allows, in arrival order, and their rows alongside.
    private async Task<bool> TryCountTogetherAsync(string partitionKey, List<Use> uses)
    {
        var counters = uses.GroupBy(use => use.RowKey, StringComparer.Ordinal).ToList();
        var currents = await Task.WhenAll(counters.Select(counter => CurrentAsync(partitionKey, counter.First())));
        var (alongside, writes) = (new List<TableTransactionAction>(), new List<(RateCounterEntity, RateCounterEntity?)>());
        for (var i = 0; i < counters.Count; i++)
        {
            var next = currents[i];
            foreach (var use in counters[i])
            {
                var counted = Next(next, partitionKey, use.RowKey, use.Limit, use.Window, out var retryAfter);
                use.Decision = counted is null ? new RateLimitDecision(false, retryAfter) : RateLimitDecision.Allow;
                next = counted ?? next;
                alongside.AddRange(counted is null ? [] : use.Alongside);
            }
            if (next != currents[i])
            {
                writes.Add((next!, currents[i]));
            }
        }
        return writes.Count == 0 || await TryWriteAsync(alongside, writes, CancellationToken.None);
    }

    private async Task<RateLimitDecision?> CountOneAsync(string partitionKey, Use use)
    {
        var current = await CurrentAsync(partitionKey, use);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (Next(current, partitionKey, use.RowKey, use.Limit, use.Window, out var retryAfter) is not { } next)
            {
                return new RateLimitDecision(false, retryAfter);
            }
            if (await TryWriteAsync(use.Alongside, [(next, current)], CancellationToken.None))
            {
                return RateLimitDecision.Allow;
            }
            var stored = await table.FindAsync<RateCounterEntity>(partitionKey, use.RowKey, CancellationToken.None);
            if (use.Alongside.Count > 0 && stored?.ETag == current?.ETag)
            {
                return null;
            }
            current = stored;
        }
        return new RateLimitDecision(false, TimeSpan.FromSeconds(1));
    }

    // As last written here, unless kept full: then as stored, since a use may have been given back meanwhile.
    private async Task<RateCounterEntity?> CurrentAsync(string partitionKey, Use use) =>
        _lastWritten.Find(partitionKey, use.RowKey) is { } kept && Next(kept, partitionKey, use.RowKey, use.Limit, use.Window, out _) is not null
            ? kept
            : await table.FindAsync<RateCounterEntity>(partitionKey, use.RowKey, CancellationToken.None);

    // The counters written If-Match their current rows' ETags, in one transaction with the actions alongside.
    private async Task<bool> TryWriteAsync(
        IReadOnlyList<TableTransactionAction> alongside, List<(RateCounterEntity Next, RateCounterEntity? Current)> counters, CancellationToken cancellationToken)
    {
        var written = await table.TrySubmitAsync(
            [.. alongside, .. counters.Select(counter => ConditionalWrite.AddOrReplace(counter.Next, counter.Current?.ETag ?? default))], cancellationToken);
        for (var i = 0; i < counters.Count; i++)
        {
            counters[i].Next.ETag = written?[alongside.Count + i] ?? default;
            _lastWritten.Remember(counters[i].Next);
        }
        return written is not null;
    }

    // The row with one more use in the window of now, or null, with how long until the window ends, when it is at the limit.
    private RateCounterEntity? Next(RateCounterEntity? current, string partitionKey, string rowKey, int limit, TimeSpan window, out TimeSpan retryAfter)
    {
        var windowStart = WindowStart(time.GetUtcNow(), window, out retryAfter);
        var count = current?.WindowStart == windowStart ? current.Count : 0;
        return count >= limit ? null : new RateCounterEntity { PartitionKey = partitionKey, RowKey = rowKey, WindowStart = windowStart, Count = count + 1 };
    }

    private static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window, out TimeSpan retryAfter)
    {
        var start = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
        retryAfter = start + window - now;
        return start;
    }

    /// <summary>One use of a counter waiting for its partition's next write; <see cref="Decision"/> is set by the write that counts it.</summary>
    private sealed class Use(string rowKey, int limit, TimeSpan window, IReadOnlyList<TableTransactionAction> alongside)
    {
        public string RowKey { get; } = rowKey;
        public int Limit { get; } = limit;
        public TimeSpan Window { get; } = window;
        public IReadOnlyList<TableTransactionAction> Alongside { get; } = alongside;
        public RateLimitDecision? Decision { get; set; }
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
