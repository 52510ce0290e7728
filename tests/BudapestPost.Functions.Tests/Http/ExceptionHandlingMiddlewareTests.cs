using System.Net.Sockets;
using Azure;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Http;

public sealed class ExceptionHandlingMiddlewareTests
{
    private static readonly ExceptionHandlingMiddleware Middleware = new(
        Options.Create(new StorageOptions { OutageRetryAfter = TimeSpan.FromSeconds(12) }),
        NullLogger<ExceptionHandlingMiddleware>.Instance);

    private static async Task<HttpResult> InvokeAsync(Exception exception, HttpExchange? exchange = null)
    {
        exchange ??= new HttpExchange("GET", "/api/articles");
        await Middleware.Invoke(FunctionContexts.Http(exchange.Context), _ => throw exception);
        return await exchange.ReadResponseAsync();
    }

    [Fact]
    public async Task Invoke_HttpFunctionThrows_Answers500ProblemWithoutInternals()
    {
        var response = await InvokeAsync(new InvalidOperationException("secret connection detail"));

        Assert.Equal(500, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("urn:budapest-post:problem:internal", response.Json.GetProperty("type").GetString());
        Assert.DoesNotContain("secret", response.Body);
    }

    [Fact]
    public async Task Invoke_NonHttpFunctionThrows_Rethrows()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Middleware.Invoke(FunctionContexts.NonHttp(), _ => throw new InvalidOperationException("blob failed")));
    }

    [Fact]
    public async Task Invoke_NonHttpFunctionFindsStorageDown_Rethrows()
    {
        // The host's retries (and, in the end, the poison queue) are the answer for triggers.
        await Assert.ThrowsAsync<RequestFailedException>(
            () => Middleware.Invoke(FunctionContexts.NonHttp(), _ => throw new RequestFailedException(503, "down")));
    }

    public static TheoryData<Exception> Outages() => new()
    {
        new RequestFailedException(0, "connection refused"),
        new RequestFailedException(500, "storage trouble"),
        new RequestFailedException(503, "server busy"),
        new RequestFailedException(429, "throttled"),
        new RequestFailedException(408, "timeout"),
        // What the SDK throws once its own retries are spent.
        new AggregateException("Retry failed after 4 tries.",
            new RequestFailedException(0, "refused", new HttpRequestException("refused", new SocketException(111)))),
        new AggregateException(new HttpRequestException("refused")),
        new HttpRequestException("refused", new SocketException(111)),
        new InvalidOperationException("wrapped", new SocketException(111)),
        new TaskCanceledException("the SDK's network timeout"),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public async Task Invoke_StorageUnavailable_Answers503ProblemWithConfiguredRetryAfter(Exception exception)
    {
        var response = await InvokeAsync(exception);

        Assert.Equal(503, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("urn:budapest-post:problem:service-unavailable", response.Json.GetProperty("type").GetString());
        Assert.Equal("12", response.Headers.RetryAfter.ToString());
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(409)]
    public async Task Invoke_StorageRejectsRequest_Answers500AsABug(int status)
    {
        Assert.Equal(500, (await InvokeAsync(new RequestFailedException(status, "bad request"))).Status);
    }

    [Fact]
    public async Task Invoke_CallerCancelled_IsNotAnOutage()
    {
        using var caller = new CancellationTokenSource();
        await caller.CancelAsync();
        var exchange = new HttpExchange("GET", "/api/articles");
        exchange.Context.RequestAborted = caller.Token;

        var response = await InvokeAsync(new OperationCanceledException(caller.Token), exchange);

        Assert.NotEqual(503, response.Status);
    }

    [Fact]
    public async Task Invoke_AnyResponse_CarriesNoSniff()
    {
        var exchange = new HttpExchange("GET", "/api/articles");

        await Middleware.Invoke(FunctionContexts.Http(exchange.Context), async _ => await exchange.WriteAsync(new OkObjectResult(new { text = "<b>" })));

        Assert.Equal("nosniff", (await exchange.ReadResponseAsync()).Headers.XContentTypeOptions.ToString());
    }

    [Fact]
    public async Task Invoke_Failure_StillCarriesNoSniff()
    {
        Assert.Equal("nosniff", (await InvokeAsync(new RequestFailedException(503, "down"))).Headers.XContentTypeOptions.ToString());
    }

    [Fact]
    public async Task RetryAfterResult_RoundsUpToWholeSeconds()
    {
        var exchange = new HttpExchange("GET", "/api/articles");

        var response = await exchange.ExecuteAsync(new RetryAfterResult(new OkResult(), TimeSpan.FromSeconds(41.2)));

        Assert.Equal("42", response.Headers.RetryAfter.ToString());
    }
}
