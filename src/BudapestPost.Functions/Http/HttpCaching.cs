using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace BudapestPost.Functions.Http;

/// <summary>Strong ETags, <c>If-None-Match</c> and cache headers for cacheable GETs.</summary>
public static class HttpCaching
{
    /// <summary>A strong ETag that changes whenever any of the given versions changes.</summary>
    public static string StrongETag(params string[] versions)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', versions)));
        return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}\"";
    }

    /// <summary>
    /// <c>Cache-Control</c> of anonymous reads: browsers and CDN edges (<c>s-maxage</c>) keep the answer for
    /// <paramref name="freshFor"/>, and an edge may answer from its expired copy for as long again while it
    /// fetches the next one, so a popular page never waits on the origin.
    /// </summary>
    public static string PublicFor(TimeSpan freshFor)
    {
        var seconds = (int)freshFor.TotalSeconds;
        return $"public, max-age={seconds}, s-maxage={seconds}, stale-while-revalidate={seconds}";
    }

    /// <summary>
    /// Sets <c>ETag</c> and the <c>Cache-Control</c> of anonymous reads (<see cref="PublicFor"/>), then answers
    /// 304 when the client already has this version, or <paramref name="body"/> otherwise.
    /// </summary>
    public static IActionResult Cacheable(HttpRequest request, string etag, TimeSpan freshFor, Func<IActionResult> body)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = PublicFor(freshFor);
        // A proxy or CDN that compresses keeps the encoded and plain copies apart.
        headers.Vary = HeaderNames.AcceptEncoding;
        return ClientHas(request, etag) ? new StatusCodeResult(StatusCodes.Status304NotModified) : body();
    }

    /// <summary>
    /// Serves a body cached in memory: 304 when the client has it, the bytes as they are otherwise. No
    /// serializing, hashing or storage on the way.
    /// </summary>
    public static IActionResult Cacheable(HttpRequest request, CachedJson body, TimeSpan freshFor) =>
        Cacheable(request, body.ETag, freshFor, () => new FileContentResult(body.Utf8, "application/json; charset=utf-8"));

    /// <summary>
    /// True when the request's <c>If-Match</c> names <paramref name="etag"/> (or <c>*</c>), compared
    /// strongly as RFC 9110 13.1.1 requires.
    /// </summary>
    public static bool IfMatchAllows(HttpRequest request, string etag) =>
        AnyMatches(request.Headers.IfMatch, etag, strong: true);

    // If-None-Match uses the weak comparison (RFC 9110 13.1.2).
    private static bool ClientHas(HttpRequest request, string etag) =>
        AnyMatches(request.Headers.IfNoneMatch, etag, strong: false);

    private static bool AnyMatches(StringValues header, string etag, bool strong)
    {
        if (header.Count == 0 || !EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return false;
        }
        var current = EntityTagHeaderValue.Parse(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: strong));
    }
}
