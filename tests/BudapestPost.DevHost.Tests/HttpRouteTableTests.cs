using BudapestPost.DevHost.Http;
using BudapestPost.DevHost.Worker;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Tests;

public sealed class HttpRouteTableTests
{
    private static readonly IInlineConstraintResolver Constraints = new DefaultInlineConstraintResolver(
        Options.Create(new RouteOptions()), new ServiceCollection().BuildServiceProvider());

    private static HttpRouteTable Table(string prefix, params FunctionDescriptor[] functions) => new(functions, prefix, Constraints);

    [Fact]
    public void Match_RouteParameter_YieldsValue()
    {
        var table = Table("api", new FunctionMetadataBuilder("GetArticle").WithHttpTrigger("articles/{slug}", "Anonymous", "get").Build());

        var match = table.Match(null, "GET", "/api/articles/budapest-metro");

        Assert.Equal("GetArticle", match.Route!.Function.Name);
        Assert.Equal("budapest-metro", match.Values["slug"]);
    }

    [Fact]
    public void Match_LiteralAndParameterOverlap_LiteralWins()
    {
        var table = Table("api",
            new FunctionMetadataBuilder("GetFeedback").WithHttpTrigger("feedback/{slug}", "Function", "get").Build(),
            new FunctionMetadataBuilder("ListLatest").WithHttpTrigger("feedback/latest", "Function", "get").Build());

        Assert.Equal("ListLatest", table.Match(null, "GET", "/api/feedback/latest").Route!.Function.Name);
        Assert.Equal("GetFeedback", table.Match(null, "GET", "/api/feedback/other").Route!.Function.Name);
    }

    [Fact]
    public void Match_ConstraintNotMet_NotFound()
    {
        var table = Table("api", new FunctionMetadataBuilder("ItemById").WithHttpTrigger("items/{id:int}", "Anonymous", "get").Build());

        var match = table.Match(null, "GET", "/api/items/abc");

        Assert.Null(match.Route);
        Assert.False(match.IsMethodNotAllowed);
    }

    [Fact]
    public void Match_PathKnownForOtherMethods_MethodNotAllowedWithAllowedMethods()
    {
        var table = Table("api",
            new FunctionMetadataBuilder("GetArticle").WithHttpTrigger("articles/{slug}", "Anonymous", "get").Build(),
            new FunctionMetadataBuilder("PutArticle").WithHttpTrigger("articles/{slug}", "Function", "put").Build());

        var match = table.Match(null, "DELETE", "/api/articles/x");

        Assert.True(match.IsMethodNotAllowed);
        Assert.Equal(["GET", "PUT"], match.AllowedMethods.Order());
    }

    [Fact]
    public void Match_SamePathTwoMethods_PicksFunctionByMethod()
    {
        var table = Table("api",
            new FunctionMetadataBuilder("GetArticle").WithHttpTrigger("articles/{slug}", "Anonymous", "get").Build(),
            new FunctionMetadataBuilder("PutArticle").WithHttpTrigger("articles/{slug}", "Function", "put").Build());

        Assert.Equal("PutArticle", table.Match(null, "PUT", "/api/articles/x").Route!.Function.Name);
    }

    [Fact]
    public void Match_NoMethodsDeclared_AcceptsAnyMethod()
    {
        var table = Table("api", new FunctionMetadataBuilder("Anything").WithHttpTrigger("anything").Build());

        Assert.NotNull(table.Match(null, "PATCH", "/api/anything").Route);
    }

    [Fact]
    public void Match_OtherPrefix_NotFound()
    {
        var table = Table("api", new FunctionMetadataBuilder("Health").WithHttpTrigger("health", "Anonymous", "get").Build());

        Assert.Null(table.Match(null, "GET", "/health").Route);
    }

    [Fact]
    public void Match_EmptyPrefix_MatchesFromRoot()
    {
        var table = Table("", new FunctionMetadataBuilder("Health").WithHttpTrigger("health", "Anonymous", "get").Build());

        Assert.NotNull(table.Match(null, "GET", "/health").Route);
    }

    [Fact]
    public void Match_OptionalConstrainedParameterMissing_Matches()
    {
        var table = Table("api", new FunctionMetadataBuilder("Page").WithHttpTrigger("pages/{number:int?}", "Anonymous", "get").Build());

        Assert.NotNull(table.Match(null, "GET", "/api/pages").Route);
        Assert.Null(table.Match(null, "GET", "/api/pages/x").Route);
    }

    [Fact]
    public void Match_CatchAll_TakesRestOfPath()
    {
        var table = Table("api", new FunctionMetadataBuilder("Files").WithHttpTrigger("files/{*path}", "Anonymous", "get").Build());

        var match = table.Match(null, "GET", "/api/files/a/b/c.md");

        Assert.Equal("a/b/c.md", match.Values["path"]);
    }
}
