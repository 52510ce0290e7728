using System.ComponentModel;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// A response body made once and served many times from memory, as it is and compressed with Brotli and gzip, so
/// no request compresses anything. Each encoding is its own representation with its own strong ETag (the hash of
/// the plain bytes plus the encoding), as RFC 9110 requires of strong validators.
/// </summary>
[ImmutableObject(true)]
public sealed class CompressedContent
{
    private readonly string _hash;

    public CompressedContent(byte[] bytes, string contentType)
    {
        Plain = bytes;
        ContentType = contentType;
        Brotli = Compress(bytes, stream => new BrotliStream(stream, CompressionLevel.SmallestSize));
        Gzip = Compress(bytes, stream => new GZipStream(stream, CompressionLevel.SmallestSize));
        _hash = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16));
    }

    /// <summary>A rendered page.</summary>
    public static CompressedContent Html(byte[] utf8) => new(utf8, "text/html; charset=utf-8");

    public byte[] Plain { get; }

    public byte[] Brotli { get; }

    public byte[] Gzip { get; }

    public string ContentType { get; }

    public long SizeInBytes => Plain.Length + Brotli.Length + Gzip.Length + 2 * (ContentType.Length + _hash.Length) + 64;

    /// <summary>The best representation the request's <c>Accept-Encoding</c> allows: its bytes, encoding (null for none) and ETag.</summary>
    public (byte[] Bytes, string? Encoding, string ETag) For(HttpRequest request)
    {
        var accepted = Accepted(request);
        return accepted.Contains("br") ? (Brotli, "br", $"\"{_hash}-br\"")
            : accepted.Contains("gzip") ? (Gzip, "gzip", $"\"{_hash}-gz\"")
            : (Plain, null, $"\"{_hash}\"");
    }

    private static HashSet<string> Accepted(HttpRequest request)
    {
        var accepted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var encodings))
        {
            foreach (var encoding in encodings.Where(e => e.Quality is not 0))
            {
                accepted.Add(encoding.Value.Value ?? "");
            }
        }
        return accepted;
    }

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var stream = compressor(output))
        {
            stream.Write(bytes);
        }
        return output.ToArray();
    }
}
