using Microsoft.Extensions.Caching.Memory;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// A stored row or blob as this instance last wrote or read it, with its ETag, so the next conditional write
/// of it can go without reading it first. If another instance wrote in between, that write fails on the ETag;
/// the caller then forgets the entry and reads. Bounded: when full, the least recently used entries are dropped.
/// </summary>
public sealed class LastSeen<T>(long sizeLimit, Func<T, long> sizeOf) : IDisposable
    where T : class
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = sizeLimit });

    public T? Find(string key) => _entries.TryGetValue(key, out T? value) ? value : null;

    public void Remember(string key, T value) =>
        _entries.Set(key, value, new MemoryCacheEntryOptions { Size = Math.Max(1, sizeOf(value)) });

    public void Forget(string key) => _entries.Remove(key);

    public void Dispose() => _entries.Dispose();
}
