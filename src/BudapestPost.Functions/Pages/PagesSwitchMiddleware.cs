using BudapestPost.Functions.Http;
using BudapestPost.Functions.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// With <see cref="SiteOptions.ServePages"/> off (a separate front end serves the website), the pages' functions are
/// not run: their routes answer the API's 404 problem, naming where the website is.
/// </summary>
internal sealed class PagesSwitchMiddleware(IOptions<SiteOptions> site) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (site.Value.ServePages || !ErrorPages.IsPage(context) || context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        var answer = Problems.NotFound($"This app does not serve the website's pages; the website is at {site.Value.BaseUrl}.");
        await answer.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
    }
}
