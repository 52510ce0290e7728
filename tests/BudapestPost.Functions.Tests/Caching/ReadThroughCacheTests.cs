using System.Diagnostics.Metrics;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Telemetry;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Caching;

public sealed class ReadThroughCacheTests : IDisposable
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly ReadThroughCache _cache;
    private int _loads;

    public ReadThroughCacheTests() => _cache = Cache(sizeInMegabytes: 1);

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task HundredConcurrentMissesForOneKey_LoadOnce()
    {
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var readers = Enumerable.Range(0, 100)
            .Select(_ => _cache.GetOrLoadFreshAsync("article", () => { Interlocked.Increment(ref _loads); return gate.Task; }, Size, default))
            .ToList();

        gate.SetResult("body");
        var values = await Task.WhenAll(readers);

        Assert.Equal(1, _loads);
        Assert.All(values, value => Assert.Equal("body", value));
    }

    [Fact]
    public async Task EveryRead_CountsAsAHitOrAMissOfItsArea()
    {
        // The meter is static and shared with every other test: count only this test's own area.
        var area = $"area{Guid.NewGuid():N}";
        var counted = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, meters) =>
        {
            if (instrument.Meter.Name == AppTelemetry.Name && instrument.Name == AppTelemetry.CacheLookupsMetric)
            {
                meters.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var (tagArea, result) = ("", "");
            foreach (var tag in tags)
            {
                (tagArea, result) = tag.Key switch
                {
                    "area" => (tag.Value as string ?? "", result),
                    "result" => (tagArea, tag.Value as string ?? ""),
                    _ => (tagArea, result),
                };
            }
            if (tagArea == area)
            {
                counted.AddOrUpdate(result, value, (_, sum) => sum + value);
            }
        });
        listener.Start();

        await _cache.GetOrLoadFreshAsync($"{area}/one", () => Load("v1"), Size, default);
        await _cache.GetOrLoadFreshAsync($"{area}/one", () => Load("v1"), Size, default);
        await _cache.GetOrLoadFreshAsync($"{area}/one", () => Load("v1"), Size, default);
        _time.Advance(FreshFor);
        await _cache.GetOrLoadFreshAsync($"{area}/one", () => Load("v2"), Size, default);
        await _cache.GetOrLoadAsync($"{area}/two", () => Load("v1"), Size, default);

        Assert.Equal(new Dictionary<string, long> { ["hit"] = 2, ["miss"] = 3 }, counted.ToDictionary());
    }

    [Fact]
    public async Task ChangingValue_IsServedFromMemoryUntilFreshForHasPassed()
    {
        var first = await _cache.GetOrLoadFreshAsync("live", () => Load("v1"), Size, default);
        _time.Advance(FreshFor - TimeSpan.FromTicks(1));
        var withinBound = await _cache.GetOrLoadFreshAsync("live", () => Load("v2"), Size, default);
        _time.Advance(TimeSpan.FromTicks(1));
        var afterBound = await _cache.GetOrLoadFreshAsync("live", () => Load("v2"), Size, default);

        Assert.Equal(("v1", "v1", "v2"), (first, withinBound, afterBound));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task ValueReadShortlyBeforeItGoesStale_IsReloadedWhileTheReaderIsServedFromMemory()
    {
        await _cache.GetOrLoadFreshAsync("hot", () => Load("v1"), Size, default);
        _time.Advance(FreshFor * 0.75);
        var served = await _cache.GetOrLoadFreshAsync("hot", () => Load("v2"), Size, default);
        var next = await _cache.GetOrLoadFreshAsync("hot", () => Load("v3"), Size, default);

        Assert.Equal(("v1", "v2"), (served, next));
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task ValueThatNeverChanges_IsKeptPastFreshFor()
    {
        await _cache.GetOrLoadAsync("version/abc", () => Load("rendered"), Size, default);
        _time.Advance(TimeSpan.FromDays(30));
        var later = await _cache.GetOrLoadAsync("version/abc", () => Load("other"), Size, default);

        Assert.Equal("rendered", later);
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task AbsentValue_IsCachedLikeAnyOther()
    {
        await _cache.GetOrLoadFreshAsync<string?>("missing", () => Load<string?>(null), Size, default);
        var again = await _cache.GetOrLoadFreshAsync<string?>("missing", () => Load<string?>("appeared"), Size, default);

        Assert.Null(again);
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task FailedLoad_ReachesEveryWaitingCallerAndIsNotCached()
    {
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Enumerable.Range(0, 3)
            .Select(_ => _cache.GetOrLoadFreshAsync("flaky", () => { Interlocked.Increment(ref _loads); return gate.Task; }, Size, default))
            .ToList();
        gate.SetException(new InvalidOperationException("storage down"));

        foreach (var reader in waiting)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => reader);
        }
        var retried = await _cache.GetOrLoadFreshAsync("flaky", () => Load("back"), Size, default);

        Assert.Equal("back", retried);
        Assert.Equal(2, _loads);
    }

    [Fact]
    public async Task CallerThatGivesUp_DoesNotCancelTheLoadOthersWaitFor()
    {
        var gate = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var impatient = new CancellationTokenSource();
        var leaving = _cache.GetOrLoadFreshAsync("slow", () => { Interlocked.Increment(ref _loads); return gate.Task; }, Size, impatient.Token);
        var staying = _cache.GetOrLoadFreshAsync("slow", () => Load("unused"), Size, default);

        await impatient.CancelAsync();
        gate.SetResult("done");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);
        Assert.Equal("done", await staying);
        Assert.Equal(1, _loads);
    }

    [Fact]
    public async Task FullCache_EvictsTheLeastRecentlyUsedInsteadOfGrowing()
    {
        const int entryBytes = 100_000; // ten fit in 1 MiB with their bookkeeping
        for (var i = 0; i < 40; i++)
        {
            await _cache.GetOrLoadAsync($"version/{i}", () => Load(new byte[entryBytes]), bytes => bytes.Length, default);
        }

        var kept = new List<int>();
        for (var i = 0; i < 40; i++)
        {
            if (await IsCachedAsync($"version/{i}"))
            {
                kept.Add(i);
            }
        }

        Assert.InRange(kept.Count, 1, 1024 * 1024 / entryBytes);
        Assert.Contains(39, kept);
        Assert.DoesNotContain(0, kept);
    }

    [Fact]
    public async Task ValueLargerThanTheWholeCache_IsServedButNotKept()
    {
        var big = await _cache.GetOrLoadAsync("huge", () => Load(new byte[2 * 1024 * 1024]), bytes => bytes.Length, default);

        Assert.Equal(2 * 1024 * 1024, big.Length);
        Assert.False(await IsCachedAsync("huge"));
    }

    private ReadThroughCache Cache(int sizeInMegabytes) =>
        new(Options.Create(new ReadCacheOptions { SizeInMegabytes = sizeInMegabytes, FreshFor = FreshFor }), _time);

    private Task<T> Load<T>(T value)
    {
        Interlocked.Increment(ref _loads);
        return Task.FromResult(value);
    }

    private static long Size(string? value) => (value?.Length ?? 0) * 2;

    // A probe whose load fails stores nothing, so looking does not change what the cache holds.
    private async Task<bool> IsCachedAsync(string key)
    {
        try
        {
            await _cache.GetOrLoadAsync<byte[]>(key, () => throw new KeyNotFoundException(key), bytes => bytes.Length, default);
            return true;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }
}
