using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Turns a client address into the only form that is stored: an HMAC-SHA256 under a secret key, so
/// the same client gets the same hash (for rate limits and spotting abuse) without the address being
/// recoverable by hashing every IPv4 address.
/// </summary>
/// <remarks>
/// The key is 32 random bytes made on first use and kept in a bookkeeping row of the Feedback table,
/// readable only by identities that can read the reports anyway. So there is no secret to configure,
/// distribute or leak through app settings, and every instance uses the same key.
/// </remarks>
public sealed class ClientHasher(TableServiceClient tables, IOptions<StorageOptions> storage)
{
    private const string KeyProperty = "Key";
    private readonly TableClient _table = tables.GetTableClient(storage.Value.FeedbackTable);
    private Task<byte[]>? _key;

    public async Task<string> HashAsync(string clientAddress, CancellationToken cancellationToken)
    {
        var key = _key;
        if (key is null || key.IsFaulted || key.IsCanceled)
        {
            // A failed load is retried on the next request instead of being cached.
            _key = key = LoadOrCreateKeyAsync(CancellationToken.None);
        }
        return Convert.ToHexStringLower(
            HMACSHA256.HashData(await key.WaitAsync(cancellationToken), Encoding.UTF8.GetBytes(clientAddress)), 0, 16);
    }

    private async Task<byte[]> LoadOrCreateKeyAsync(CancellationToken cancellationToken)
    {
        var (partition, row) = (FeedbackTableKeys.ConfigurationPartition, FeedbackTableKeys.ClientHashKeyRow);
        var existing = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        if (existing.HasValue)
        {
            return existing.Value!.GetBinary(KeyProperty);
        }

        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            await _table.AddEntityAsync(new TableEntity(partition, row) { [KeyProperty] = key }, cancellationToken);
            return key;
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == TableErrorCode.EntityAlreadyExists)
        {
            // Another instance made the key first: use theirs.
            return (await _table.GetEntityAsync<TableEntity>(partition, row, cancellationToken: cancellationToken)).Value.GetBinary(KeyProperty);
        }
    }
}
