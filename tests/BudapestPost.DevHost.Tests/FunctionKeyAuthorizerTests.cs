using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Http;
using BudapestPost.DevHost.Worker;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Tests;

public sealed class FunctionKeyAuthorizerTests
{
    private readonly FunctionKeyAuthorizer _authorizer = new(Options.Create(new DevHostOptions
    {
        FunctionKey = "function-key",
        MasterKey = "master-key",
        FunctionKeys = new() { ["Webhook"] = new() { ["eventgrid"] = "webhook-key" } },
    }));

    [Theory]
    [InlineData(AuthLevel.Anonymous, null, true)]
    [InlineData(AuthLevel.Function, null, false)]
    [InlineData(AuthLevel.Function, "wrong", false)]
    [InlineData(AuthLevel.Function, "function-key", true)]
    [InlineData(AuthLevel.Function, "master-key", true)]
    [InlineData(AuthLevel.Admin, "function-key", false)]
    [InlineData(AuthLevel.Admin, "master-key", true)]
    public void IsAuthorized_KeyInHeader_FollowsAuthLevel(AuthLevel level, string? key, bool expected)
    {
        var context = new DefaultHttpContext();
        if (key is not null)
        {
            context.Request.Headers["x-functions-key"] = key;
        }

        Assert.Equal(expected, _authorizer.IsAuthorized(context.Request, level, "Any"));
    }

    [Fact]
    public void IsAuthorized_KeyInCodeQuery_Accepted()
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?code=function-key");

        Assert.True(_authorizer.IsAuthorized(context.Request, AuthLevel.Function, "Any"));
    }

    [Fact]
    public void IsAuthorized_NoKeysConfigured_RejectsEmptyKey()
    {
        var authorizer = new FunctionKeyAuthorizer(Options.Create(new DevHostOptions()));
        var context = new DefaultHttpContext();
        context.Request.Headers["x-functions-key"] = "";

        Assert.False(authorizer.IsAuthorized(context.Request, AuthLevel.Function, "Any"));
    }

    [Theory]
    [InlineData("Webhook", AuthLevel.Function, true)]
    [InlineData("Other", AuthLevel.Function, false)]
    [InlineData("Webhook", AuthLevel.Admin, false)]
    public void IsAuthorized_FunctionsOwnKey_OpensOnlyThatFunction(string function, AuthLevel level, bool expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["x-functions-key"] = "webhook-key";

        Assert.Equal(expected, _authorizer.IsAuthorized(context.Request, level, function));
    }
}
