using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

[Collection(FunctionAppCollection.Name)]
public sealed class SearchTests(FunctionAppFixture app)
{
    private readonly ArticleApi _api = new(app);

    [Fact]
    public async Task Upload_ThenSearchABodyPhrase_FindsTheArticle()
    {
        var slug = ArticleApi.NewSlug("quince");
        await _api.UploadAsync(slug, new ArticleFileBuilder()
            .WithTitle("Market Report From Szeged")
            .WithBody("Traders in Szeged said the quince harvest was the best in a decade.\n"));
        var query = "api/search?q=" + Uri.EscapeDataString("\"quince harvest was the best\"");

        var found = await Eventually.Until(() => SlugsAsync(query), slugs => slugs.Contains(slug));

        Assert.Contains(slug, found);
    }

    [Fact]
    public async Task Search_Anonymous_HostileQuery_IsNot5xx()
    {
        var response = await app.Client.GetAsync("api/search?q=" + Uri.EscapeDataString("title:x AND ("));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Search_WithoutQuery_Returns400Problem()
    {
        var response = await app.Client.GetAsync("api/search");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<IReadOnlyList<string>> SlugsAsync(string query)
    {
        var response = await app.Client.GetAsync(query);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("slug").GetString()!).ToList();
    }
}
