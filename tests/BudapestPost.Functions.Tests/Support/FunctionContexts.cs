using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Moq;

namespace BudapestPost.Functions.Tests.Support;

/// <summary>The worker's per-invocation context, as the middleware sees it, for an HTTP or a non-HTTP invocation.</summary>
internal static class FunctionContexts
{
    // The key under which the ASP.NET Core integration keeps the request's HttpContext.
    private const string HttpContextKey = "HttpRequestContext";

    /// <param name="entryPoint">The function's method, <c>Namespace.Class.Method</c>: the website's pages are told apart by it.</param>
    public static FunctionContext Http(HttpContext http, string entryPoint = "BudapestPost.Functions.Test.Function") =>
        Create(new Dictionary<object, object> { [HttpContextKey] = http }, entryPoint);

    public static FunctionContext NonHttp() => Create(new Dictionary<object, object>(), "BudapestPost.Functions.Test.Function");

    private static FunctionContext Create(IDictionary<object, object> items, string entryPoint)
    {
        var definition = new Mock<FunctionDefinition>();
        definition.SetupGet(d => d.Name).Returns("Test");
        definition.SetupGet(d => d.EntryPoint).Returns(entryPoint);
        var context = new Mock<FunctionContext>();
        context.SetupGet(c => c.Items).Returns(items);
        context.SetupGet(c => c.FunctionDefinition).Returns(definition.Object);
        context.SetupGet(c => c.InvocationId).Returns("invocation-1");
        return context.Object;
    }
}
