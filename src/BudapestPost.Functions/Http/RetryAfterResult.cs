using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace BudapestPost.Functions.Http;

/// <summary>Adds a <c>Retry-After</c> header (in whole seconds, rounded up) to another result.</summary>
public sealed class RetryAfterResult(IActionResult inner, TimeSpan retryAfter) : IActionResult, IStatusCodeActionResult
{
    /// <summary>The wrapped result's status, for whoever inspects results before they are written.</summary>
    public int? StatusCode => (inner as IStatusCodeActionResult)?.StatusCode;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteResultAsync(context);
    }
}
