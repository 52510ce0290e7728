using System.Buffers.Text;
using System.Text;

namespace BudapestPost.Functions.Http;

/// <summary>
/// Opaque continuation tokens: the storage token bound to the query it continues, so a token from
/// one listing cannot be replayed against another, and tampering is a 400 rather than a 500.
/// </summary>
public static class ContinuationToken
{
    public static string? Encode(string scope, string? storageToken) =>
        storageToken is null ? null : Base64Url.EncodeToString(Encoding.UTF8.GetBytes(scope + "\n" + storageToken));

    public static bool TryDecode(string token, string scope, out string? storageToken)
    {
        storageToken = null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var separator = decoded.IndexOf('\n');
            if (separator < 0 || decoded[..separator] != scope || separator == decoded.Length - 1)
            {
                return false;
            }
            storageToken = decoded[(separator + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
