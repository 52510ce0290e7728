using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Changes;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;

namespace BudapestPost.Functions.Tests.Changes;

[Collection(AzuriteCollection.Name)]
public sealed class ChangesHttpTests(AzuriteFixture azurite)
{

    [Fact]
    public async Task ListChanges_EveryKindOfPublish_IsInTheFeedInOrderWithTombstones()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.PublishAsync("a", new ArticleFileBuilder(), 0);
        await app.PublishAsync("a", new ArticleFileBuilder().WithTitle("Corrected"), 1);
        await app.PublishAsync("never-published", new ArticleFileBuilder().WithStatus("draft"), 0);
        await app.PublishAsync("b", new ArticleFileBuilder(), 0);
        await app.PublishAsync("b", new ArticleFileBuilder().WithStatus("draft"), 1);
        await app.PublishAsync("a", new ArticleFileBuilder().WithStatus("retracted"), 2);

        var page = await List(app, null);

        Assert.Equal(200, page.Status);
        Assert.Equal(
            [("a", "published"), ("a", "updated"), ("b", "published"), ("b", "unpublished"), ("a", "retracted")],
            page.Json.GetProperty("changes").EnumerateArray()
                .Select(c => (c.GetProperty("slug").GetString(), c.GetProperty("change").GetString())).ToList());
    }

    [Fact]
    public async Task ListChanges_FollowingNext_ReadsEachChangeOnceThenWaitsAtTheEnd()
    {
        await using var app = await TestApp.StartAsync(azurite);
        foreach (var slug in new[] { "one", "two", "three" })
        {
            await app.PublishAsync(slug, new ArticleFileBuilder(), 0);
        }

        var first = await List(app, "limit=2");
        var second = await List(app, "limit=2&since=" + first.Json.GetProperty("next").GetString());
        var end = await List(app, "limit=2&since=" + second.Json.GetProperty("next").GetString());
        await app.PublishAsync("four", new ArticleFileBuilder(), 0);
        var later = await List(app, "since=" + end.Json.GetProperty("next").GetString());

        Assert.Equal(["one", "two"], Slugs(first));
        Assert.Equal(["three"], Slugs(second));
        Assert.Empty(Slugs(end));
        Assert.Equal(second.Json.GetProperty("next").GetString(), end.Json.GetProperty("next").GetString());
        Assert.Equal(["four"], Slugs(later));
        Assert.Equal(first.Json.GetProperty("changes")[1].GetProperty("cursor").GetString(), first.Json.GetProperty("next").GetString());
    }

    [Theory]
    [InlineData("since=not-a-cursor")]
    [InlineData("since=%25%25")]
    [InlineData("since=Y2hhbmdlcwphYmM")]
    [InlineData("since=bGF0ZXN0CjE")]
    public async Task ListChanges_MalformedCursor_Is400Problem(string query)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var response = await List(app, query);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.NotEmpty(response.ErrorsFor("since"));
    }

    private static string[] Slugs(HttpResult page) =>
        page.Json.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("slug").GetString()!).ToArray();

    private static async Task<HttpResult> List(TestApp app, string? query)
    {
        var exchange = new HttpExchange("GET", "/api/changes", query);
        return await exchange.ExecuteAsync(await app.Create<ChangesHttp>().ListChanges(exchange.Request, default));
    }
}
