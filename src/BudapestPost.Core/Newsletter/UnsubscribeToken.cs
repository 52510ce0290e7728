using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace BudapestPost.Core.Newsletter;

/// <summary>
/// The token in every email's unsubscribe link: the subscriber's key and a MAC over it under the
/// newsletter's secret key. It is derived, not stored, so every email of every digest can carry a
/// working link without a row per email, links in old emails keep working, and nobody can forge one
/// for another address without the key.
/// </summary>
public static class UnsubscribeToken
{
    private const int KeyBytes = 32;
    private const int MacBytes = 16;
    private static readonly byte[] Purpose = Encoding.UTF8.GetBytes("newsletter-unsubscribe\n");

    public static string Create(byte[] secret, string subscriberKey)
    {
        var key = Convert.FromHexString(subscriberKey);
        return Base64Url.EncodeToString([.. key, .. Mac(secret, key)]);
    }

    /// <summary>The subscriber key the token was made for, or false for anything forged, cut or garbled.</summary>
    public static bool TryRead(byte[] secret, string? token, out string subscriberKey)
    {
        subscriberKey = "";
        if (token is null || !Base64Url.IsValid(token, out var length) || length != KeyBytes + MacBytes)
        {
            return false;
        }
        var bytes = Base64Url.DecodeFromChars(token);
        var key = bytes.AsSpan(0, KeyBytes).ToArray();
        if (!CryptographicOperations.FixedTimeEquals(bytes.AsSpan(KeyBytes), Mac(secret, key)))
        {
            return false;
        }
        subscriberKey = Convert.ToHexStringLower(key);
        return true;
    }

    private static byte[] Mac(byte[] secret, byte[] subscriberKey) =>
        HMACSHA256.HashData(secret, Purpose.Concat(subscriberKey).ToArray()).AsSpan(0, MacBytes).ToArray();
}
