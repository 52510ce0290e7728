using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
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
/// report's own transaction (<see cref="FeedbackStore.TryAddAsync"/>): counted exactly when stored.
/// Counter rows are remembered as this instance last wrote them, so a client's next report usually
/// writes without reading first; if another instance wrote in between, the ETag no longer matches, the
/// write fails, and the row is read again.
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

    /// <summary>
    /// The client's per-article counter with this report counted, for the report's transaction, or a refusal.
    /// <paramref name="reread"/> reads the row even if this instance remembers it (its last write lost a race).
    /// </summary>
    public async Task<ArticlePermit> ReserveArticlePermitAsync(string slug, string clientHash, bool reread, CancellationToken cancellationToken)
    {
        var rowKey = FeedbackTableKeys.RateRow(clientHash);
        var current = (reread ? null : Remembered(slug, rowKey)) ?? await ReadAsync(slug, rowKey, cancellationToken);
        // Per-article counts never go down within a window, so a remembered full window is full.
        var next = Next(current, slug, rowKey, _options.PerArticlePermitLimit, _options.PerArticleWindow, out var retryAfter);
        return new ArticlePermit(next, retryAfter);
    }

    /// <summary>Counts one report against the client's limit over all articles.</summary>
    public async Task<RateLimitDecision> AcquireClientPermitAsync(string clientHash, CancellationToken cancellationToken)
    {
        var rowKey = FeedbackTableKeys.RateRow(clientHash);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var remembered = attempt == 0 ? Remembered(FeedbackTableKeys.ClientsPartition, rowKey) : null;
            var current = remembered ?? await ReadAsync(FeedbackTableKeys.ClientsPartition, rowKey, cancellationToken);
            var next = Next(current, FeedbackTableKeys.ClientsPartition, rowKey, _options.PerClientPermitLimit, _options.PerClientWindow, out var retryAfter);
            if (next is null && remembered is null)
            {
                return new RateLimitDecision(false, retryAfter);
            }
            if (next is not null && await TryWriteAsync(next, cancellationToken))
            {
                return RateLimitDecision.Allow;
            }
            // A remembered full window may have been given back since: read it before refusing.
        }
        return new RateLimitDecision(false, TimeSpan.FromSeconds(1));
    }

    /// <summary>Gives back a permit taken for a report that was then not stored (refused per article, or a replay).</summary>
    /// <remarks>
    /// Retried until it lands, however contended: a lost give-back would leave the limit lower than it is.
    /// Every failed attempt means another request wrote the row, so the retries end.
    /// </remarks>
    public async Task ReleaseClientPermitAsync(string clientHash, CancellationToken cancellationToken)
    {
        var rowKey = FeedbackTableKeys.RateRow(clientHash);
        var windowStart = FixedWindowCounter.WindowStart(time.GetUtcNow(), _options.PerClientWindow, out _);
        for (var attempt = 0; ; attempt++)
        {
            var current = (attempt == 0 ? Remembered(FeedbackTableKeys.ClientsPartition, rowKey) : null)
                ?? await ReadAsync(FeedbackTableKeys.ClientsPartition, rowKey, cancellationToken);
            if (current is null || current.WindowStart != windowStart || current.Count == 0)
            {
                return;
            }
            current.Count--;
            if (await TryWriteAsync(current, cancellationToken))
            {
                return;
            }
        }
    }

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

    public void Dispose() => _remembered.Dispose();

    private RateCounterEntity? Next(
        RateCounterEntity? current, string partitionKey, string rowKey, int limit, TimeSpan window, out TimeSpan retryAfter) =>
        FixedWindowCounter.Next(current, partitionKey, rowKey, limit, window, time.GetUtcNow(), out retryAfter);

    private RateCounterEntity? Remembered(string partitionKey, string rowKey) =>
        _remembered.TryGetValue(Key(partitionKey, rowKey), out Snapshot? known) && known is not null
            ? new RateCounterEntity { PartitionKey = partitionKey, RowKey = rowKey, WindowStart = known.WindowStart, Count = known.Count, ETag = known.ETag }
            : null;

    private async Task<RateCounterEntity?> ReadAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var existing = await _table.GetEntityIfExistsAsync<RateCounterEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return existing.HasValue ? existing.Value : null;
    }

    // False when another request changed or created the counter first; the caller reads it again.
    private async Task<bool> TryWriteAsync(RateCounterEntity counter, CancellationToken cancellationToken)
    {
        try
        {
            var response = counter.ETag == default
                ? await _table.AddEntityAsync(counter, cancellationToken)
                : await _table.UpdateEntityAsync(counter, counter.ETag, TableUpdateMode.Replace, cancellationToken);
            counter.ETag = response.Headers.ETag ?? default;
            Remember(counter);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412 || e.ErrorCode == TableErrorCode.EntityAlreadyExists)
        {
            _remembered.Remove(Key(counter.PartitionKey, counter.RowKey));
            return false;
        }
    }

    private static string Key(string partitionKey, string rowKey) => partitionKey + "\n" + rowKey;

    private sealed record Snapshot(DateTimeOffset WindowStart, int Count, ETag ETag);
}

/// <summary>The per-article counter to write with the report (<see cref="Counter"/>), or null and how long until the window ends.</summary>
public sealed record ArticlePermit(RateCounterEntity? Counter, TimeSpan RetryAfter);

/// <summary>Whether a client may send another report now, and if not, how long until it may.</summary>
public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow { get; } = new(true, TimeSpan.Zero);
}
