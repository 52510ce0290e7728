using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Net.Http.Headers;

namespace BudapestPost.Functions.Http;

/// <summary>
/// Nothing is stored by a browser or CDN unless its function said so (<see cref="HttpCaching"/>), and no
/// error is stored at all: keyed answers, feedback receipts, 404s, 410s, 429s and 503s are for one caller at
/// one moment. A 304 keeps the headers its 200 would have had, as HTTP requires.
/// </summary>
internal sealed class NoStoreByDefaultMiddleware : IFunctionsWorkerMiddleware
{
    public const string NoStore = "no-store";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is { } http)
        {
            http.Response.OnStarting(ApplyDefault, http.Response);
        }
        await next(context);
    }

    private static Task ApplyDefault(object state)
    {
        var response = (HttpResponse)state;
        if (response.StatusCode >= StatusCodes.Status400BadRequest || !response.Headers.ContainsKey(HeaderNames.CacheControl))
        {
            response.Headers.CacheControl = NoStore;
        }
        return Task.CompletedTask;
    }
}
