using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BudapestPost.EndToEndTests;

[Collection(FunctionAppCollection.Name)]
public sealed class HostAndRoutingTests(FunctionAppFixture app)
{
    [Fact]
    public async Task GetHealth_StorageUp_Returns200()
    {
        var response = await app.Client.GetAsync("api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Get_UnknownPath_Returns404Problem()
    {
        var response = await app.Client.GetAsync("api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Delete_Article_Returns405WithAllow()
    {
        var response = await app.Client.DeleteAsync("api/articles/some-article");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Contains("PUT", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task GetStatus_Running_ListsTheAppsFunctions()
    {
        var status = await app.Client.GetFromJsonAsync<JsonElement>("admin/host/status");

        var names = status.GetProperty("functions").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("Health", names);
        Assert.Contains("PublishArticle", names);
    }
}
