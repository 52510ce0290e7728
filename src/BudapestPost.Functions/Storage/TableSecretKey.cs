using System.Security.Cryptography;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// A 32-byte secret the app makes on first use and keeps in one table row, readable only by identities that
/// can read that table anyway: no secret to configure, distribute or leak through app settings, and every
/// instance uses the same one. Loaded once per instance; a failed load is tried again on the next call.
/// </summary>
public sealed class TableSecretKey(TableClient table, string partitionKey, string rowKey)
{
    private const string KeyProperty = "Key";
    private Task<byte[]>? _key;

    public Task<byte[]> GetAsync(CancellationToken cancellationToken)
    {
        var key = _key;
        if (key is null || key.IsFaulted || key.IsCanceled)
        {
            _key = key = LoadOrCreateAsync(CancellationToken.None);
        }
        return key.WaitAsync(cancellationToken);
    }

    private async Task<byte[]> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        if (await table.FindAsync<TableEntity>(partitionKey, rowKey, cancellationToken) is { } existing)
        {
            return existing.GetBinary(KeyProperty);
        }
        var key = RandomNumberGenerator.GetBytes(32);
        if (await table.TrySubmitAsync([new(TableTransactionActionType.Add, new TableEntity(partitionKey, rowKey) { [KeyProperty] = key })], cancellationToken) is not null)
        {
            return key;
        }
        // Another instance made the key first: use theirs.
        return (await table.GetEntityAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken)).Value.GetBinary(KeyProperty);
    }
}
