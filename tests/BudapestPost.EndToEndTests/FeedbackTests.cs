using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

[Collection(FunctionAppCollection.Name)]
public sealed class FeedbackTests(FunctionAppFixture app)
{
    private readonly ArticleApi _api = new(app);

    [Fact]
    public async Task Post_OnPublishedArticle_StoredAndReadableByEditorWithKey()
    {
        var slug = ArticleApi.NewSlug("feedback");
        await _api.UploadAsync(slug, new ArticleFileBuilder());
        await _api.WaitUntilListedAsync(slug);

        var posted = await app.Client.PostAsJsonAsync($"api/articles/{slug}/feedback",
            new { kind = "typo", message = "The lead says 'defense' and the body 'defence'." });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var receipt = await posted.Content.ReadFromJsonAsync<JsonElement>();
        var id = receipt.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync($"api/feedback/{slug}/{id}")).StatusCode);
        var report = await (await app.Host.EditorAsync()).GetFromJsonAsync<JsonElement>($"api/feedback/{slug}/{id}");
        Assert.Equal("typo", report.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("GET", "api/feedback")]
    [InlineData("GET", "api/feedback/some-article/some-id")]
    [InlineData("PATCH", "api/feedback/some-article/some-id")]
    public async Task EditorRoute_NotSignedIn_Returns401(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = JsonContent.Create(new { status = "triaged" }),
        };

        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ListFeedback_SignedInEditor_Returns200()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/feedback");

        var response = await (await app.Host.EditorAsync()).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
