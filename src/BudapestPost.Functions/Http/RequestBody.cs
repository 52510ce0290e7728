using Microsoft.AspNetCore.Http;

namespace BudapestPost.Functions.Http;

public static class RequestBody
{
    /// <summary>
    /// Reads the body if it is at most <paramref name="limitBytes"/> long; returns null as soon as it
    /// is known to be longer, without buffering more than the limit.
    /// </summary>
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

    /// <summary>
    /// True when the request's media type is <paramref name="mediaType"/> in UTF-8: a charset
    /// parameter, if given, must say UTF-8, because the body is read as UTF-8 whatever it claims.
    /// </summary>
    public static bool HasMediaType(HttpRequest request, string mediaType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) &&
        parsed.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase) &&
        (!parsed.Charset.HasValue ||
         Microsoft.Net.Http.Headers.HeaderUtilities.RemoveQuotes(parsed.Charset).Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
