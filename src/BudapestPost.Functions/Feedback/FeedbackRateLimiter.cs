using Azure;
using Azure.Data.Tables;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Per-client fixed-window limits kept in the Feedback table, so every instance of the app counts
/// against the same numbers (in-memory limiters would multiply the limit by the instance count on
/// Flex Consumption, and reset whenever an instance is recycled). Each counter is one row written
/// with ETag concurrency, so no count is lost; the row is reused when its window has passed, so rows
/// grow with clients, not with time.
/// </summary>
/// <remarks>
/// The per-article counter shares the article's partition with the report, so it is written in the
/// report's own transaction (<see cref="FeedbackArticleWriter"/>): counted exactly when stored. The
/// counters over all articles share one partition, so the permits that concurrent reports take and give
/// back on this instance are written together, one transaction for all their clients (see
/// <see cref="WriteCoalescer{TChange}"/>). Counter rows are remembered as this instance last wrote them,
/// so a client's next report usually writes without reading first; if another instance wrote in between,
/// the ETag no longer matches, the write fails, and only that row is read again.
/// </remarks>
public sealed class FeedbackRateLimiter(
    TableServiceClient tables, IOptions<StorageOptions> storage, IOptions<FeedbackOptions> options, TimeProvider time) : IDisposable
{
    // Enough for a burst of parallel requests from one client; beyond it the client is told to slow down.
    public const int MaxAttempts = 8;
    private const int RememberedCounters = 100_000;

    private readonly TableClient _table = tables.GetTableClient(storage.Value.FeedbackTable);
    private readonly FeedbackOptions _options = options.Value;
    private readonly MemoryCache _remembered = new(new MemoryCacheOptions { SizeLimit = RememberedCounters });
    private readonly WriteCoalescer<ClientPermitChange> _clientWrites = new();

    /// <summary>
    /// Whether this instance already knows the client's window on the article to be full, from memory alone:
    /// per-article counts never go down within a window, so a remembered full window is full.
    /// </summary>
    public bool ArticleWindowKnownFull(string slug, string clientHash, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var taken = 1;
        if (Remembered(slug, FeedbackTableKeys.RateRow(clientHash)) is { } known)
        {
            CountArticleReports(known, slug, clientHash, 1, out taken, out retryAfter);
        }
        return taken == 0;
    }

    /// <summary>The client's per-article counter as this instance last wrote it, or as stored (<paramref name="reread"/>: always as stored).</summary>
    public async Task<RateCounterEntity?> ArticleCounterAsync(string slug, string clientHash, bool reread, CancellationToken cancellationToken)
    {
        var rowKey = FeedbackTableKeys.RateRow(clientHash);
        return (reread ? null : Remembered(slug, rowKey)) ?? await ReadAsync(slug, rowKey, cancellationToken);
    }

    /// <summary>
    /// <paramref name="current"/> with as many of <paramref name="reports"/> counted as the per-article limit allows
    /// (<paramref name="taken"/>), to write If-Match its ETag (or as a new row); when none fit, how long until the window ends.
    /// </summary>
    public RateCounterEntity CountArticleReports(RateCounterEntity? current, string slug, string clientHash, int reports, out int taken, out TimeSpan retryAfter) =>
        Count(current, slug, FeedbackTableKeys.RateRow(clientHash), _options.PerArticlePermitLimit, _options.PerArticleWindow,
            givenBack: 0, reports, out taken, out retryAfter);

    /// <summary>Counts one report against the client's limit over all articles.</summary>
    public async Task<RateLimitDecision> AcquireClientPermitAsync(string clientHash, CancellationToken cancellationToken)
    {
        var change = new ClientPermitChange(clientHash, GiveBack: false);
        await _clientWrites.ApplyAsync(FeedbackTableKeys.ClientsPartition, change, WriteClientCountersAsync, cancellationToken);
        return change.Decision;
    }

    /// <summary>Gives back a permit taken for a report that was then not stored (refused per article, or a replay).</summary>
    /// <remarks>
    /// Retried until it lands, however contended: a lost give-back would leave the limit lower than it is.
    /// Every failed attempt means another request wrote the row, so the retries end.
    /// </remarks>
    public Task ReleaseClientPermitAsync(string clientHash, CancellationToken cancellationToken) =>
        _clientWrites.ApplyAsync(FeedbackTableKeys.ClientsPartition, new ClientPermitChange(clientHash, GiveBack: true),
            WriteClientCountersAsync, cancellationToken);

    /// <summary>Keeps a counter row as just written, with its new ETag, for the client's next report.</summary>
    public void Remember(RateCounterEntity counter)
    {
        var key = Key(counter.PartitionKey, counter.RowKey);
        if (counter.ETag == default)
        {
            _remembered.Remove(key);
            return;
        }
        _remembered.Set(key, new Snapshot(counter.WindowStart, counter.Count, counter.ETag),
            new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = _options.PerClientWindow });
    }

    /// <summary>Drops what this instance remembers of a counter another request wrote first.</summary>
    public void Forget(RateCounterEntity counter) => _remembered.Remove(Key(counter.PartitionKey, counter.RowKey));

    public void Dispose() => _remembered.Dispose();

    // The changes of one batch, by client, up to a transaction's worth of clients at a time.
    private async Task WriteClientCountersAsync(IReadOnlyList<ClientPermitChange> changes)
    {
        var counters = changes.GroupBy(change => change.ClientHash, StringComparer.Ordinal)
            .Select(group => new ClientCounter(FeedbackTableKeys.RateRow(group.Key), group.ToList()));
        foreach (var chunk in counters.Chunk(TableBatch.MaxActions))
        {
            await WriteClientCountersAsync(chunk.ToList());
        }
    }

    // Each client's row is written If-Match the ETag last seen; a conflict re-reads only the row that lost.
    private async Task WriteClientCountersAsync(List<ClientCounter> open)
    {
        var reread = new HashSet<string>(StringComparer.Ordinal);
        while (open.Count > 0)
        {
            await Task.WhenAll(open.Select(counter => LoadAsync(counter, reread)));
            foreach (var counter in open)
            {
                counter.Next = CountClient(counter);
                if (counter.Refused && counter.FromMemory)
                {
                    // A remembered full window may have been given back since: read it before refusing.
                    counter.Current = await ReadAsync(FeedbackTableKeys.ClientsPartition, counter.RowKey, CancellationToken.None);
                    counter.Next = CountClient(counter);
                }
            }
            open.RemoveAll(counter => counter.Next is null);
            if (open.Count == 0)
            {
                return;
            }

            var result = await TableBatch.TrySubmitAsync(_table, open.Select(counter => Write(counter.Next!)).ToList(), CancellationToken.None);
            if (result.Conflict is null)
            {
                for (var i = 0; i < open.Count; i++)
                {
                    open[i].Next!.ETag = result.ETags[i];
                    Remember(open[i].Next!);
                }
                return;
            }
            var lost = result.Conflict.FailedIndex is { } index ? [open[index]] : open.ToList();
            foreach (var counter in lost)
            {
                _remembered.Remove(Key(FeedbackTableKeys.ClientsPartition, counter.RowKey));
                reread.Add(counter.RowKey);
                if (++counter.Attempts == MaxAttempts)
                {
                    counter.RefuseTakes(TimeSpan.FromSeconds(1)); // as for a burst from one client
                }
            }
            open.RemoveAll(counter => counter.Changes.Count == 0);
        }
    }

    private async Task LoadAsync(ClientCounter counter, HashSet<string> reread)
    {
        var remembered = reread.Contains(counter.RowKey) ? null : Remembered(FeedbackTableKeys.ClientsPartition, counter.RowKey);
        counter.FromMemory = remembered is not null;
        counter.Current = remembered ?? await ReadAsync(FeedbackTableKeys.ClientsPartition, counter.RowKey, CancellationToken.None);
    }

    // Gives back first, then takes what the limit allows; null when the row stays as it is.
    private RateCounterEntity? CountClient(ClientCounter counter)
    {
        var takes = counter.Changes.Where(change => !change.GiveBack).ToList();
        var next = Count(counter.Current, FeedbackTableKeys.ClientsPartition, counter.RowKey, _options.PerClientPermitLimit, _options.PerClientWindow,
            givenBack: counter.Changes.Count - takes.Count, takes.Count, out var taken, out var retryAfter);
        for (var i = 0; i < takes.Count; i++)
        {
            takes[i].Decision = i < taken ? RateLimitDecision.Allow : new RateLimitDecision(false, retryAfter);
        }
        counter.Refused = taken < takes.Count;
        return next.Count == (counter.Current?.WindowStart == next.WindowStart ? counter.Current.Count : 0) && taken == 0 ? null : next;
    }

    // The window's count with givenBack uses returned (never below zero) and then up to `takes` more within the limit.
    private RateCounterEntity Count(RateCounterEntity? current, string partitionKey, string rowKey, int limit, TimeSpan window,
        int givenBack, int takes, out int taken, out TimeSpan retryAfter)
    {
        var windowStart = FixedWindowCounter.WindowStart(time.GetUtcNow(), window, out retryAfter);
        var count = Math.Max(0, (current?.WindowStart == windowStart ? current.Count : 0) - givenBack);
        taken = Math.Clamp(limit - count, 0, takes);
        return new RateCounterEntity
        {
            PartitionKey = partitionKey,
            RowKey = rowKey,
            WindowStart = windowStart,
            Count = count + taken,
            ETag = current?.ETag ?? default,
        };
    }

    private static TableTransactionAction Write(RateCounterEntity counter) => counter.ETag == default
        ? new(TableTransactionActionType.Add, counter)
        : new(TableTransactionActionType.UpdateReplace, counter, counter.ETag);

    private RateCounterEntity? Remembered(string partitionKey, string rowKey) =>
        _remembered.TryGetValue(Key(partitionKey, rowKey), out Snapshot? known) && known is not null
            ? new RateCounterEntity { PartitionKey = partitionKey, RowKey = rowKey, WindowStart = known.WindowStart, Count = known.Count, ETag = known.ETag }
            : null;

    private async Task<RateCounterEntity?> ReadAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var existing = await _table.GetEntityIfExistsAsync<RateCounterEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return existing.HasValue ? existing.Value : null;
    }

    private static string Key(string partitionKey, string rowKey) => partitionKey + "\n" + rowKey;

    private sealed record Snapshot(DateTimeOffset WindowStart, int Count, ETag ETag);

    /// <summary>One report's permit over all articles, taken or given back; <see cref="Decision"/> is set by the write that counts it.</summary>
    private sealed record ClientPermitChange(string ClientHash, bool GiveBack)
    {
        public RateLimitDecision Decision { get; set; } = new(false, TimeSpan.FromSeconds(1));
    }

    /// <summary>A client's counter row with the changes a batch makes to it.</summary>
    private sealed class ClientCounter(string rowKey, List<ClientPermitChange> changes)
    {
        public string RowKey { get; } = rowKey;
        public List<ClientPermitChange> Changes { get; } = changes;
        public RateCounterEntity? Current { get; set; }
        public bool FromMemory { get; set; }
        public RateCounterEntity? Next { get; set; }
        public bool Refused { get; set; }
        public int Attempts { get; set; }

        // Permits that kept losing races are refused; give-backs stay until they land.
        public void RefuseTakes(TimeSpan retryAfter)
        {
            foreach (var change in Changes.Where(change => !change.GiveBack))
            {
                change.Decision = new RateLimitDecision(false, retryAfter);
            }
            Changes.RemoveAll(change => !change.GiveBack);
        }
    }
}
