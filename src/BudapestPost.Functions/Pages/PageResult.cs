using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// Writes a <see cref="PageAnswer"/>: the representation the client accepts (Brotli, gzip or plain), a 304 from memory
/// when it has it, the API's caching headers on shared pages, and the pages' security headers.
/// </summary>
public sealed class PageResult(PageAnswer answer, TimeSpan freshFor) : IActionResult
{
    /// <summary>
    /// Scripts and styles only from this site's own files (JSON-LD is data, not script); no framing, no plugins, forms
    /// post only here, and no base element can move relative links elsewhere.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy = "camera=(), geolocation=(), microphone=(), payment=(), usb=(), interest-cohort=()";

    // No public property: the worker serializes a function's return value into its invocation response, and a page's
    // bytes (three encodings of it) would travel to the host with every request for nothing.
    private PageAnswer Answer => answer;

    public Task ExecuteResultAsync(ActionContext context)
    {
        if (Answer.RetryAfter is { } retryAfter)
        {
            return new RetryAfterResult(new PageResult(Answer with { RetryAfter = null }, freshFor), retryAfter).ExecuteResultAsync(context);
        }
        var response = context.HttpContext.Response;
        AddSecurityHeaders(response.Headers);
        if (Answer.Location is not null)
        {
            response.StatusCode = StatusCodes.Status303SeeOther;
            response.Headers.Location = Answer.Location;
            response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }

        var content = Answer.Content!;
        var (bytes, encoding, etag) = content.For(context.HttpContext.Request);
        var body = new ContentBody(bytes, content.ContentType, encoding, Answer.Status);
        if (!Answer.Shared)
        {
            response.Headers.CacheControl = "no-store";
            return body.ExecuteResultAsync(context);
        }
        var result = HttpCaching.Cacheable(context.HttpContext.Request, etag, freshFor, () => body);
        if (Answer.CacheControl is not null)
        {
            response.Headers.CacheControl = Answer.CacheControl;
        }
        return result.ExecuteResultAsync(context);
    }

    /// <summary>The headers every page and page file carries.</summary>
    public static void AddSecurityHeaders(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
    }

    // The chosen representation's bytes, with its Content-Encoding.
    private sealed class ContentBody(byte[] bytes, string contentType, string? encoding, int status) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = status;
            response.ContentType = contentType;
            response.ContentLength = bytes.Length;
            response.Headers.Vary = HeaderNames.AcceptEncoding;
            if (encoding is not null)
            {
                response.Headers.ContentEncoding = encoding;
            }
            return HttpMethods.IsHead(context.HttpContext.Request.Method)
                ? Task.CompletedTask
                : response.Body.WriteAsync(bytes, context.HttpContext.RequestAborted).AsTask();
        }
    }
}

/// <summary>
/// What a page service answers: a page with its status, or a 303 to another page. Only a 200 that shows the same
/// to everyone is <see cref="Shared"/>, and so cacheable by browsers and CDNs as the API's anonymous reads are.
/// </summary>
/// <param name="CacheControl">For shared answers whose address changes with their content (the site's files): how long to keep them.</param>
public sealed record PageAnswer(
    int Status, CompressedContent? Content, string? Location = null, TimeSpan? RetryAfter = null, bool Shared = false, string? CacheControl = null)
{
    /// <summary>A page everyone gets the same: 200, cacheable.</summary>
    public static PageAnswer Ok(CompressedContent content) => new(200, content, Shared: true);

    /// <summary>A page with a status of its own (4xx, 5xx, or a 200 for one reader): never stored by caches.</summary>
    public static PageAnswer With(int status, CompressedContent content, TimeSpan? retryAfter = null) => new(status, content, RetryAfter: retryAfter);

    /// <summary>After a form post: the browser GETs <paramref name="location"/>.</summary>
    public static PageAnswer SeeOther(string location) => new(303, null, location);
}
