using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Turns a client address into the only form that is stored: an HMAC-SHA256 keyed with the configured
/// salt, so the same client gets the same hash (for rate limits and spotting abuse) without the address
/// being recoverable from the table.
/// </summary>
public sealed class ClientHasher(IOptions<FeedbackOptions> options)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.ClientHashSalt);

    public string Hash(string clientAddress) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(clientAddress)), 0, 16);
}
