using BudapestPost.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Http;

/// <summary>
/// The one place failures of HTTP functions become answers: a storage outage (see
/// <see cref="StorageOutage"/>) is a 503 with <c>Retry-After</c> on every endpoint, anything else a
/// logged problem+json 500 without internals (the website's pages answer with pages of the site instead, see
/// <see cref="IFailurePages"/>). Nothing else catches <see cref="Exception"/>.
/// Every HTTP response gets <c>X-Content-Type-Options: nosniff</c>.
/// Non-HTTP invocations rethrow so the host's retry and poison handling apply.
/// </summary>
internal sealed class ExceptionHandlingMiddleware(
    IOptions<StorageOptions> storage, ILogger<ExceptionHandlingMiddleware> logger, IFailurePages? pages = null)
    : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        NoSniff(context.GetHttpContext());
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            var http = context.GetHttpContext();
            var outage = StorageOutage.IsOutage(exception, http?.RequestAborted ?? context.CancellationToken);
            if (outage)
            {
                logger.LogWarning(exception, "Function {FunctionName} found storage unavailable in invocation {InvocationId}",
                    context.FunctionDefinition.Name, context.InvocationId);
            }
            else
            {
                logger.LogError(exception, "Function {FunctionName} failed in invocation {InvocationId}",
                    context.FunctionDefinition.Name, context.InvocationId);
            }
            if (http is null || http.Response.HasStarted)
            {
                throw;
            }

            http.Response.Clear();
            NoSniff(http);
            var page = pages is null ? null : await pages.AnswerAsync(context, outage, storage.Value.OutageRetryAfter);
            var answer = page ?? (outage
                ? Problems.ServiceUnavailable("Storage is unavailable; nothing was changed. Try again later.", storage.Value.OutageRetryAfter)
                : Problems.Create(StatusCodes.Status500InternalServerError, "internal", "An unexpected error occurred.",
                    $"The failure was logged under invocation {context.InvocationId}; retry later."));
            await answer.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
        }
    }

    // Responses echo what clients sent (reports, article text, field names): never let a browser
    // guess a more dangerous type than the one declared.
    private static void NoSniff(HttpContext? http)
    {
        if (http is not null)
        {
            http.Response.Headers.XContentTypeOptions = "nosniff";
        }
    }
}
