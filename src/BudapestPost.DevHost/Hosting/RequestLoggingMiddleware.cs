using System.Diagnostics;

namespace BudapestPost.DevHost.Hosting;

/// <summary>One console line per client request: method, path, status and milliseconds (no query: it may hold a key).</summary>
public sealed class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            await next(context);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            logger.LogInformation("{Method} {Path} {StatusCode} {ElapsedMs:0.0} ms",
                context.Request.Method, context.Request.Path,
                context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
