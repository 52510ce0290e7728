using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace BudapestPost.Functions.Http;

/// <summary>Adds a <c>Retry-After</c> header (in whole seconds) to another result.</summary>
public sealed class RetryAfterResult(IActionResult inner, TimeSpan retryAfter) : IActionResult, IStatusCodeActionResult
{
    /// <summary>The wrapped result's status, for whoever inspects results before they are written.</summary>
    public int? StatusCode => (Inner as IStatusCodeActionResult)?.StatusCode;

    public TimeSpan RetryAfter { get; } = retryAfter;

    public IActionResult Inner { get; } = inner;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Inner.ExecuteResultAsync(context);
    }
}
