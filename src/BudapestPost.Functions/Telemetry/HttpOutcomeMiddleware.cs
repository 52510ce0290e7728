using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace BudapestPost.Functions.Telemetry;

/// <summary>
/// Counts what HTTP functions answered: reader reports by outcome and every 503. The status is the
/// function's result's (the ASP.NET Core integration writes it to the response only afterwards), or
/// the response's when no result came back (the exception middleware wrote a 500).
/// </summary>
internal sealed class HttpOutcomeMiddleware : IFunctionsWorkerMiddleware
{
    /// <summary>The function that takes reader reports (<c>POST /api/articles/{slug}/feedback</c>).</summary>
    public const string FeedbackFunction = "PostFeedback";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        await next(context);
        if (context.GetHttpContext() is not { } http)
        {
            return;
        }
        var status = context.GetInvocationResult().Value is IStatusCodeActionResult { StatusCode: { } code }
            ? code
            : http.Response.StatusCode;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            AppTelemetry.ServiceUnavailable(context.FunctionDefinition.Name);
        }
        if (context.FunctionDefinition.Name == FeedbackFunction)
        {
            AppTelemetry.FeedbackSubmitted(FeedbackOutcome(status));
        }
    }

    public static string FeedbackOutcome(int status) => status switch
    {
        StatusCodes.Status201Created => "accepted",
        StatusCodes.Status429TooManyRequests => "rate_limited",
        >= 400 and < 500 => "refused",
        _ => "failed",
    };
}
