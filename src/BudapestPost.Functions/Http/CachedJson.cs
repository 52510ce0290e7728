using System.ComponentModel;
using System.Security.Cryptography;
using System.Text.Json;

namespace BudapestPost.Functions.Http;

/// <summary>
/// A JSON response body serialized once and served many times from memory, with a strong ETag over its
/// bytes: the ETag changes exactly when the body does, and a 304 needs nothing but this.
/// </summary>
[ImmutableObject(true)]
public sealed class CachedJson
{
    // What ASP.NET Core uses for the objects functions return, so a cached body reads like a serialized one.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private CachedJson(byte[] utf8)
    {
        Utf8 = utf8;
        ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(utf8).AsSpan(0, 16))}\"";
    }

    public byte[] Utf8 { get; }

    public string ETag { get; }

    public long SizeInBytes => Utf8.Length + 2 * ETag.Length;

    public static CachedJson Serialize<T>(T value) => new(JsonSerializer.SerializeToUtf8Bytes(value, Json));
}
