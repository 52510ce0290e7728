using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.DevHost.TestApp;

/// <summary>Functions that misbehave on purpose: one too slow to answer, one that takes the worker down.</summary>
public sealed class TroubleFunctions
{
    [Function(nameof(Slow))]
    public async Task<IActionResult> Slow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "slow")] HttpRequest request, CancellationToken cancellationToken)
    {
        var milliseconds = int.TryParse(request.Query["ms"], out var value) ? value : 60_000;
        await Task.Delay(milliseconds, cancellationToken);
        return new OkObjectResult("finally");
    }

    [Function(nameof(Crash))]
    public IActionResult Crash([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "crash")] HttpRequest request)
    {
        Environment.Exit(3);
        return new OkResult();
    }
}
