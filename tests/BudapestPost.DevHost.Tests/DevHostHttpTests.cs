using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BudapestPost.DevHost.Tests;

[Collection(DevHostCollection.Name)]
public sealed class DevHostHttpTests(DevHostFixture host)
{
    [Fact]
    public async Task Get_RouteWithParameter_WorkerAnswersWithBoundValue()
    {
        var response = await host.Client.GetAsync("api/hello/Budapest");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Hello, Budapest", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_ConstraintNotMet_Returns404Problem()
    {
        var response = await host.Client.GetAsync("api/hello/123");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:budapest-post:problem:not-found", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Get_DisabledFunction_Returns404AndIsNotInTheCatalog()
    {
        var response = await host.Client.GetAsync("api/retired");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var names = (await host.GetStatusAsync()).GetProperty("functions").EnumerateArray()
            .Select(function => function.GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain("Retired", names);
        Assert.Contains("Hello", names);
    }

    [Theory]
    [InlineData("api/items/latest", "latest item")]
    [InlineData("api/items/7", "item 7")]
    public async Task Get_OverlappingRoutes_MostSpecificFunctionAnswers(string path, string expected)
    {
        Assert.Equal(expected, await host.Client.GetStringAsync(path));
    }

    [Fact]
    public async Task Delete_RouteWithOtherMethods_Returns405WithAllow()
    {
        var response = await host.Client.DeleteAsync("api/echo");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST", "PUT"], response.Content.Headers.Allow.Order());
    }

    [Fact]
    public async Task Get_FunctionLevelWithoutKey_Returns401Problem()
    {
        var response = await host.Client.GetAsync("api/keyed");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_FunctionLevelWithKeyHeader_Returns200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/keyed");
        request.Headers.Add("x-functions-key", DevHostFixture.FunctionKey);

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Get_FunctionLevelWithCodeQuery_Returns200()
    {
        var response = await host.Client.GetAsync($"api/keyed?code={DevHostFixture.FunctionKey}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(DevHostFixture.FunctionKey, HttpStatusCode.Unauthorized)]
    [InlineData(DevHostFixture.MasterKey, HttpStatusCode.OK)]
    public async Task Get_AdminLevel_OnlyMasterKeyPasses(string key, HttpStatusCode expected)
    {
        var response = await host.Client.GetAsync($"api/admin-only?code={key}");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Post_Echo_ForwardsBodyHeadersAndQuery()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo?q=tram")
        {
            Content = new StringContent("line 4 and line 6"),
        };
        request.Headers.Add("x-test", "from client");

        var echoed = await (await host.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("line 4 and line 6", echoed.GetProperty("body").GetString());
        Assert.Equal("from client", echoed.GetProperty("header").GetString());
        Assert.Equal("tram", echoed.GetProperty("query").GetString());
    }

    [Fact]
    public async Task Post_ClientSendsForwardedFor_WorkerSeesConnectionAddressAsRemote()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo") { Content = new StringContent("x") };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");

        var echoed = await (await host.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("127.0.0.1", echoed.GetProperty("remote").GetString());
        Assert.Equal("203.0.113.7", echoed.GetProperty("forwardedFor").GetString());
    }

    [Fact]
    public async Task Get_FunctionSlowerThanTimeout_Returns504Problem()
    {
        var response = await host.Client.GetAsync("api/slow?ms=30000");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:budapest-post:problem:function-timeout", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Get_ManyConcurrentRequests_EachGetsItsOwnAnswer()
    {
        var names = Enumerable.Range(0, 64).Select(i => "Guest" + new string((char)('a' + i % 26), 1 + i / 26)).ToList();

        var answers = await Task.WhenAll(names.Select(name => host.Client.GetStringAsync($"api/hello/{name}")));

        Assert.Equal(names.Select(name => $"Hello, {name}"), answers);
    }

    [Fact]
    public async Task GetStatus_WorkerReady_ListsIndexedFunctions()
    {
        var status = await host.GetStatusAsync();

        Assert.Equal("Running", status.GetProperty("state").GetString());
        var functions = status.GetProperty("functions").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("Hello", functions);
        Assert.Contains("CopyBlob", functions);
    }
    [Fact]
    public async Task Get_NonAsciiHeaderValue_Returns400ProblemNotWorkerUnavailable()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/hello/Budapest");
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"é\"");
        using var client = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 })
        {
            BaseAddress = host.Client.BaseAddress,
        };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:budapest-post:problem:invalid-header", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Post_MalformedChunkedBody_Returns400Problem()
    {
        var response = await RawHttp.SendAsync(host.Client.BaseAddress!,
            "POST /api/echo HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400", response);
        Assert.Contains("application/problem+json", response);
        Assert.Contains("urn:budapest-post:problem:invalid-body", response);
    }

    [Fact]
    public async Task Post_ClientSendsInvocationId_WorkerSeesOnlyTheHosts()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo") { Content = new StringContent("x") };
        request.Headers.Add("x-ms-invocation-id", "forged");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echoed = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, echoed.GetProperty("invocationIds").GetInt32());
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/markdown; charset=utf-8")]
    public async Task Post_EmptyBodyWithContentType_WorkerSeesTheContentType(string contentType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo") { Content = new ByteArrayContent([]) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var echoed = await (await host.Client.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(contentType, echoed.GetProperty("contentType").GetString());
        Assert.Equal("", echoed.GetProperty("body").GetString());
    }
}
