using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BudapestPost.Core.Newsletter;

/// <summary>
/// Single-use link tokens (sign-up confirmation): 256 random bits in URL-safe base64. Only the SHA-256
/// of a token is stored, so a leaked table does not hold working links.
/// </summary>
public static class NewsletterToken
{
    private const int RandomBytes = 32;

    /// <summary>Base64url without padding of 32 bytes is 43 characters.</summary>
    public const int Length = 43;

    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));

    /// <summary>The stored form: lowercase hex SHA-256 of the token text.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True for something that could be a token; anything else is not worth a storage read.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && Base64Url.IsValid(token);

    /// <summary>
    /// The key a subscriber's rows are stored under: hex HMAC-SHA256 of the normalized address under the newsletter's
    /// secret key, so neither the key nor an unsubscribe link carrying it lets anyone test a guessed address.
    /// </summary>
    public static string SubscriberKey(byte[] secret, string normalizedEmail) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes("subscriber\n" + normalizedEmail)));

    /// <summary>The key of subscribers stored before keys were keyed: hex SHA-256 of the normalized address.</summary>
    public static string LegacySubscriberKey(string normalizedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizedEmail)));
}
