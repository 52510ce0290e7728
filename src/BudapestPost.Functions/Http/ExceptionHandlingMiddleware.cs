using System.Net.Mime;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Http;

/// <summary>
/// The last-resort handler: an unexpected failure in an HTTP function becomes a logged
/// problem+json 500 without internals. Nothing else catches <see cref="Exception"/>.
/// Non-HTTP invocations rethrow so the host's retry and poison handling apply.
/// </summary>
internal sealed class ExceptionHandlingMiddleware(ILogger<ExceptionHandlingMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Function {FunctionName} failed in invocation {InvocationId}",
                context.FunctionDefinition.Name, context.InvocationId);
            var http = context.GetHttpContext();
            if (http is null || http.Response.HasStarted)
            {
                throw;
            }

            http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await http.Response.WriteAsJsonAsync(new ProblemDetails
            {
                Type = "urn:budapest-post:problem:internal",
                Title = "An unexpected error occurred.",
                Status = StatusCodes.Status500InternalServerError,
                Detail = $"The failure was logged under invocation {context.InvocationId}; retry later.",
            }, options: null, contentType: MediaTypeNames.Application.ProblemJson);
        }
    }
}
