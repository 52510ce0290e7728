using Microsoft.AspNetCore.Mvc;

namespace BudapestPost.Functions.Http;

/// <summary>Adds a <c>Retry-After</c> header (in whole seconds) to another result.</summary>
public sealed class RetryAfterResult(IActionResult inner, TimeSpan retryAfter) : IActionResult
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    public IActionResult Inner { get; } = inner;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Inner.ExecuteResultAsync(context);
    }
}
