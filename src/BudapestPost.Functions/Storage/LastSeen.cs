using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// A stored row or blob as this instance last wrote or read it, with its ETag, so the next conditional write
/// of it can go without reading it first. If another instance wrote in between, that write fails on the ETag;
/// the caller then forgets the entry and reads. Bounded: when full, the least recently used entries are dropped.
/// Entries are shared by every caller: treat them as read-only.
/// </summary>
public sealed class LastSeen<T>(long sizeLimit, Func<T, long> sizeOf) : IDisposable
    where T : class
{
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = sizeLimit });

    public T? Find(string key) => _entries.TryGetValue(key, out T? value) ? value : null;

    public void Remember(string key, T value) =>
        _entries.Set(key, value, new MemoryCacheEntryOptions { Size = Math.Max(1, sizeOf(value)) });

    public void Forget(string key) => _entries.Remove(key);

    public void Clear() => _entries.Clear();

    public void Dispose() => _entries.Dispose();
}

/// <summary>Table rows in a <see cref="LastSeen{T}"/>, found by their partition and row keys.</summary>
public static class LastSeenRows
{
    public static T? Find<T>(this LastSeen<T> seen, string partitionKey, string rowKey) where T : class, ITableEntity =>
        seen.Find(Key(partitionKey, rowKey));

    /// <summary>Keeps a row as just written, with its new ETag; a row without one (deleted, or not written) is forgotten.</summary>
    public static void Remember<T>(this LastSeen<T> seen, T row) where T : class, ITableEntity
    {
        if (row.ETag == default)
        {
            seen.Forget(row.PartitionKey, row.RowKey);
            return;
        }
        seen.Remember(Key(row.PartitionKey, row.RowKey), row);
    }

    public static void Forget<T>(this LastSeen<T> seen, string partitionKey, string rowKey) where T : class, ITableEntity =>
        seen.Forget(Key(partitionKey, rowKey));

    private static string Key(string partitionKey, string rowKey) => partitionKey + "\n" + rowKey;
}
