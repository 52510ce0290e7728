using System.Globalization;
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

    public PageAnswer Answer { get; } = answer;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        AddSecurityHeaders(response.Headers);
        if (Answer.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
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
