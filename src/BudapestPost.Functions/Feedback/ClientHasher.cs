using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
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
    private readonly TableSecretKey _key = new(
        tables.GetTableClient(storage.Value.FeedbackTable), FeedbackTableKeys.ConfigurationPartition, FeedbackTableKeys.ClientHashKeyRow);

    public async Task<string> HashAsync(string clientAddress, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(
            HMACSHA256.HashData(await _key.GetAsync(cancellationToken), Encoding.UTF8.GetBytes(clientAddress)), 0, 16);
}
