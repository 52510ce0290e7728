using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace BudapestPost.Functions.Http;

/// <summary>Strong ETags, <c>If-None-Match</c> and cache headers for cacheable GETs.</summary>
public static class HttpCaching
{
    public const string PublicOneMinute = "public, max-age=60";

    /// <summary>A strong ETag that changes whenever any of the given versions changes.</summary>
    public static string StrongETag(params string[] versions)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', versions)));
        return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}\"";
    }

    /// <summary>
    /// Sets <c>ETag</c> and <c>Cache-Control</c>, then answers 304 when the client already has this
    /// version, or <paramref name="body"/> otherwise.
    /// </summary>
    public static IActionResult Cacheable(HttpRequest request, string etag, Func<IActionResult> body)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = PublicOneMinute;
        return ClientHas(request, etag) ? new StatusCodeResult(StatusCodes.Status304NotModified) : body();
    }

    private static bool ClientHas(HttpRequest request, string etag)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }
        var current = EntityTagHeaderValue.Parse(etag);
        // If-None-Match uses the weak comparison (RFC 9110 13.1.2).
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
    }
}
