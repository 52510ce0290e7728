using BudapestPost.Functions.Http;
using BudapestPost.Functions.Tests.Support;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace BudapestPost.Functions.Tests.Http;

public sealed class ExceptionHandlingMiddlewareTests
{
    // The key under which the ASP.NET Core integration keeps the request's HttpContext.
    private const string HttpContextKey = "HttpRequestContext";

    [Fact]
    public async Task Invoke_HttpFunctionThrows_Answers500ProblemWithoutInternals()
    {
        var exchange = new HttpExchange("GET", "/api/articles");
        var context = FunctionContext(new Dictionary<object, object> { [HttpContextKey] = exchange.Context });
        var middleware = new ExceptionHandlingMiddleware(NullLogger<ExceptionHandlingMiddleware>.Instance);

        await middleware.Invoke(context, _ => throw new InvalidOperationException("secret connection detail"));

        var response = await exchange.ReadResponseAsync();
        Assert.Equal(500, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("urn:budapest-post:problem:internal", response.Json.GetProperty("type").GetString());
        Assert.DoesNotContain("secret", response.Body);
    }

    [Fact]
    public async Task Invoke_NonHttpFunctionThrows_Rethrows()
    {
        var context = FunctionContext(new Dictionary<object, object>());
        var middleware = new ExceptionHandlingMiddleware(NullLogger<ExceptionHandlingMiddleware>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => middleware.Invoke(context, _ => throw new InvalidOperationException("blob failed")));
    }

    private static FunctionContext FunctionContext(IDictionary<object, object> items)
    {
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns("Test");
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(items);
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.InvocationId).Returns("invocation-1");
        return context.Object;
    }
}
