using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace BudapestPost.DevHost.TestApp;

/// <summary>Anonymous and keyed functions with route parameters, constraints and overlapping templates.</summary>
public sealed class GreetingFunctions(ILogger<GreetingFunctions> logger)
{
    [Function(nameof(Hello))]
    public IActionResult Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hello/{name:alpha}")] HttpRequest request, string name)
    {
        logger.LogInformation("Greeting {Name}", name);
        return new OkObjectResult($"Hello, {name}");
    }

    /// <summary>Disabled by the tests' app settings (<c>AzureWebJobs.Retired.Disabled</c>).</summary>
    [Function(nameof(Retired))]
    public IActionResult Retired([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "retired")] HttpRequest request) =>
        new OkObjectResult("still here");

    [Function(nameof(ItemById))]
    public IActionResult ItemById([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:int}")] HttpRequest request, int id) =>
        new OkObjectResult($"item {id}");

    [Function(nameof(LatestItem))]
    public IActionResult LatestItem([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/latest")] HttpRequest request) =>
        new OkObjectResult("latest item");

    [Function(nameof(Echo))]
    public async Task<IActionResult> Echo([HttpTrigger(AuthorizationLevel.Anonymous, "post", "put", Route = "echo")] HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        return new OkObjectResult(new
        {
            body,
            header = request.Headers["x-test"].ToString(),
            contentType = request.ContentType,
            invocationIds = request.Headers["x-ms-invocation-id"].Count,
            query = request.Query["q"].ToString(),
            forwardedFor = request.Headers["X-Forwarded-For"].ToString(),
            remote = request.HttpContext.Connection.RemoteIpAddress?.ToString(),
            principal = request.Headers["x-ms-client-principal"].ToString(),
            principalName = request.Headers["x-ms-client-principal-name"].ToString(),
            principalId = request.Headers["x-ms-client-principal-id"].ToString(),
            authEnabled = Environment.GetEnvironmentVariable("WEBSITE_AUTH_ENABLED"),
        });
    }

    [Function(nameof(Keyed))]
    public IActionResult Keyed([HttpTrigger(AuthorizationLevel.Function, "get", Route = "keyed")] HttpRequest request) =>
        new OkObjectResult("keyed");

    [Function(nameof(AdminOnly))]
    public IActionResult AdminOnly([HttpTrigger(AuthorizationLevel.Admin, "get", Route = "admin-only")] HttpRequest request) =>
        new OkObjectResult("admin");
}
