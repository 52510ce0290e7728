using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>
/// The newsletter's own bookkeeping rows in partition <c>~state</c>: the key that signs unsubscribe links
/// (32 random bytes made on first use, so there is no secret to configure and every instance shares it)
/// and per-client fixed-window sign-up counters, counted in the table so all instances share them.
/// </summary>
public sealed class NewsletterState(TableServiceClient tables, IOptions<StorageOptions> storage, IOptions<NewsletterOptions> options, TimeProvider time)
{
    private const string KeyProperty = "Key";
    private const int MaxAttempts = 8;
    private readonly TableClient _table = tables.GetTableClient(storage.Value.NewsletterTable);
    private Task<byte[]>? _unsubscribeKey;

    public Task<byte[]> UnsubscribeKeyAsync(CancellationToken cancellationToken)
    {
        var key = _unsubscribeKey;
        if (key is null || key.IsFaulted || key.IsCanceled)
        {
            // A failed load is tried again on the next call instead of being cached.
            _unsubscribeKey = key = LoadOrCreateKeyAsync(CancellationToken.None);
        }
        return key.WaitAsync(cancellationToken);
    }

    /// <summary>Counts one sign-up of <paramref name="clientHash"/>; false (and when to retry) once over the limit.</summary>
    public async Task<(bool Allowed, TimeSpan RetryAfter)> AcquireSignUpAsync(string clientHash, CancellationToken cancellationToken)
    {
        var (limit, window) = (options.Value.PerClientPermitLimit, options.Value.PerClientWindow);
        var rowKey = NewsletterKeys.RateRow(clientHash);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var windowStart = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % window.Ticks), TimeSpan.Zero);
            var existing = await _table.GetEntityIfExistsAsync<TableEntity>(NewsletterKeys.StatePartition, rowKey, cancellationToken: cancellationToken);
            var counter = existing.HasValue ? existing.Value! : new TableEntity(NewsletterKeys.StatePartition, rowKey);
            var sameWindow = counter.GetDateTimeOffset("WindowStart") == windowStart;
            var count = sameWindow ? counter.GetInt32("Count") ?? 0 : 0;
            if (count >= limit)
            {
                return (false, windowStart + window - now);
            }
            counter["WindowStart"] = windowStart;
            counter["Count"] = count + 1;
            if (await ConditionalWrite.TryAsync(existing.HasValue
                ? () => _table.UpdateEntityAsync(counter, counter.ETag, TableUpdateMode.Replace, cancellationToken)
                : () => _table.AddEntityAsync(counter, cancellationToken)))
            {
                return (true, TimeSpan.Zero);
            }
        }
        return (false, TimeSpan.FromSeconds(1));
    }

    private async Task<byte[]> LoadOrCreateKeyAsync(CancellationToken cancellationToken)
    {
        var (partition, row) = (NewsletterKeys.StatePartition, NewsletterKeys.UnsubscribeKeyRow);
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        if (existing.HasValue)
        {
            return existing.Value!.GetBinary(KeyProperty);
        }
        var key = RandomNumberGenerator.GetBytes(32);
        if (await ConditionalWrite.TryAsync(() => _table.AddEntityAsync(new TableEntity(partition, row) { [KeyProperty] = key }, cancellationToken)))
        {
            return key;
        }
        // Another instance made the key first: use theirs.
        return (await _table.GetEntityAsync<TableEntity>(partition, row, cancellationToken: cancellationToken)).Value.GetBinary(KeyProperty);
    }

}
