using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace BudapestPost.Functions.Http;

/// <summary>How every endpoint that takes a body reads it: the media type checked (415), the size bounded (413).</summary>
public static class RequestBody
{
    /// <summary>
    /// The body, if the request declares <paramref name="mediaType"/> in UTF-8 and the body is at most
    /// <paramref name="limitBytes"/> long; otherwise the problem to answer with instead.
    /// </summary>
    public static async Task<(byte[]? Body, IActionResult? Problem)> ReadAsync(
        HttpRequest request, string mediaType, int limitBytes, CancellationToken cancellationToken)
    {
        if (!HasMediaType(request, mediaType))
        {
            return (null, Problems.UnsupportedMediaType(mediaType));
        }
        var body = await ReadBoundedAsync(request, limitBytes, cancellationToken);
        return body is null ? (null, Problems.PayloadTooLarge(limitBytes)) : (body, null);
    }

    /// <summary>The body if it is at most <paramref name="limitBytes"/> long; null as soon as it is known to be longer.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int limitBytes, CancellationToken cancellationToken) =>
        request.ContentLength > limitBytes ? null : await ReadBoundedAsync(request.Body, limitBytes, cancellationToken);

    /// <summary>
    /// Reads <paramref name="stream"/> to its end if it holds at most <paramref name="limitBytes"/>;
    /// returns null as soon as it is known to hold more, without buffering more than the limit.
    /// </summary>
    public static async Task<byte[]?> ReadBoundedAsync(Stream stream, int limitBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(limitBytes + 1, 81920)];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limitBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    // A charset parameter, if given, must say UTF-8, because the body is read as UTF-8 whatever it claims.
    private static bool HasMediaType(HttpRequest request, string mediaType) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) &&
        parsed.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) &&
        (!parsed.Charset.HasValue || HeaderUtilities.RemoveQuotes(parsed.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
