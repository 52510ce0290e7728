using System.Collections.Concurrent;
using BudapestPost.Functions.Telemetry;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Caching;

/// <summary>
/// Memory in front of storage. A value is loaded once and then served from memory: for good when it
/// cannot change (a rendered version is named by its content hash), or for
/// <see cref="ReadCacheOptions.FreshFor"/> when it can. Concurrent misses for one key share one load, so
/// a spike on one article sends storage one request, not one per reader. The cache holds at most
/// <see cref="ReadCacheOptions.SizeInMegabytes"/>: when full, the least recently used entries are evicted.
/// </summary>
/// <remarks>
/// Freshness is checked against <see cref="TimeProvider"/> on every read, so tests move time instead of
/// waiting. A failed load is not cached: every waiting caller gets its exception and the next one retries.
/// Every read counts as a hit or a miss of its area, the key's first segment (<c>article</c> in
/// <c>article/{slug}/…</c>), in <see cref="AppTelemetry.CacheLookedUp"/>.
/// </remarks>
public sealed class ReadThroughCache : IDisposable
{
    // Bookkeeping per entry (the entry, its key, the memory cache's own record), counted against the limit.
    private const long EntryOverheadBytes = 256;

    // Share of FreshFor after which a read starts a background reload of what it was served.
    private const double RefreshAfter = 0.75;

    private readonly MemoryCache _entries;
    private readonly ConcurrentDictionary<string, object> _loads = new(); // key → Lazy<Task<T>> of the load in flight
    private readonly TimeProvider _time;
    private readonly TimeSpan _freshFor;

    public ReadThroughCache(IOptions<ReadCacheOptions> options, TimeProvider time)
    {
        _time = time;
        _freshFor = options.Value.FreshFor;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.SizeInMegabytes * 1024L * 1024L });
    }

    /// <summary>
    /// A value that never changes under its key: kept until memory is needed for others. Absence (null) is
    /// not kept, as something missing now may be written later.
    /// </summary>
    public Task<T> GetOrLoadAsync<T>(string key, Func<Task<T>> load, Func<T, long> sizeInBytes, CancellationToken cancellationToken) =>
        GetOrLoadAsync(key, load, sizeInBytes, TimeSpan.MaxValue, cancellationToken);

    /// <summary>A value that may change: served from memory for <see cref="ReadCacheOptions.FreshFor"/> after it was loaded.</summary>
    public Task<T> GetOrLoadFreshAsync<T>(string key, Func<Task<T>> load, Func<T, long> sizeInBytes, CancellationToken cancellationToken) =>
        GetOrLoadAsync(key, load, sizeInBytes, _freshFor, cancellationToken);

    /// <summary>
    /// Drops what this instance holds under <paramref name="key"/>, for the instance that just changed it; other
    /// instances see the change within <see cref="ReadCacheOptions.FreshFor"/>.
    /// </summary>
    public void Forget(string key) => _entries.Remove(key);

    public void Dispose() => _entries.Dispose();

    private Task<T> GetOrLoadAsync<T>(
        string key, Func<Task<T>> load, Func<T, long> sizeInBytes, TimeSpan freshFor, CancellationToken cancellationToken)
    {
        var hit = TryGetFresh<T>(key, out var cached, out var refreshDue);
        AppTelemetry.CacheLookedUp(Area(key), hit);
        if (hit)
        {
            if (refreshDue)
            {
                RefreshInBackground(key, load, sizeInBytes, freshFor);
            }
            return Task.FromResult(cached);
        }
        var started = new Lazy<Task<T>>(() => LoadOnceAsync(key, load, sizeInBytes, freshFor, reload: false));
        var shared = (Lazy<Task<T>>)_loads.GetOrAdd(key, started);
        // One caller giving up does not cancel the load the others wait for.
        return shared.Value.WaitAsync(cancellationToken);
    }

    private static string Area(string key) => key.IndexOf('/') is > 0 and var end ? key[..end] : key;

    // A key read often is loaded again by one caller shortly before it goes stale, in the background, so on a
    // busy key no reader waits for storage when FreshFor ends. A failed refresh leaves the entry to expire.
    private void RefreshInBackground<T>(string key, Func<Task<T>> load, Func<T, long> sizeInBytes, TimeSpan freshFor)
    {
        var started = new Lazy<Task<T>>(() => LoadOnceAsync(key, load, sizeInBytes, freshFor, reload: true));
        if (_loads.TryAdd(key, started))
        {
            _ = started.Value.ContinueWith(static failed => failed.Exception, TaskContinuationOptions.OnlyOnFaulted);
        }
    }

    private async Task<T> LoadOnceAsync<T>(string key, Func<Task<T>> load, Func<T, long> sizeInBytes, TimeSpan freshFor, bool reload)
    {
        try
        {
            // A load that finished just before this one was registered has already stored the value.
            if (!reload && TryGetFresh<T>(key, out var cached, out _))
            {
                return cached;
            }
            var loadedAt = _time.GetUtcNow();
            var value = await load();
            if (value is null && freshFor == TimeSpan.MaxValue)
            {
                return value;
            }
            Store(key, freshFor == TimeSpan.MaxValue
                    ? new Entry(value, DateTimeOffset.MaxValue, DateTimeOffset.MaxValue)
                    : new Entry(value, loadedAt + freshFor, loadedAt + freshFor * RefreshAfter),
                value is null ? 0 : sizeInBytes(value));
            return value;
        }
        finally
        {
            _loads.TryRemove(key, out _);
        }
    }

    private bool TryGetFresh<T>(string key, out T value, out bool refreshDue)
    {
        var now = _time.GetUtcNow();
        if (_entries.TryGetValue(key, out var found) && found is Entry entry && entry.FreshUntil > now)
        {
            value = (T)entry.Value!;
            refreshDue = entry.RefreshFrom <= now;
            return true;
        }
        value = default!;
        refreshDue = false;
        return false;
    }

    private void Store(string key, Entry entry, long sizeInBytes)
    {
        var now = _time.GetUtcNow();
        if (entry.FreshUntil <= now)
        {
            return;
        }
        var options = new MemoryCacheEntryOptions { Size = sizeInBytes + EntryOverheadBytes };
        if (entry.FreshUntil != DateTimeOffset.MaxValue)
        {
            // Lets the memory cache drop expired entries on its own; freshness itself is checked on read.
            options.AbsoluteExpirationRelativeToNow = entry.FreshUntil - now + TimeSpan.FromSeconds(1);
        }
        _entries.Set(key, entry, options);
        if (!_entries.TryGetValue(key, out _))
        {
            // A full memory cache refuses new entries until its background compaction runs: make room now,
            // so the cache keeps recent entries instead of holding on to old ones.
            _entries.Compact(0.25);
            _entries.Set(key, entry, options);
        }
    }

    private sealed record Entry(object? Value, DateTimeOffset FreshUntil, DateTimeOffset RefreshFrom);
}
