using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Taxonomy;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;

namespace BudapestPost.Functions.Tests.Taxonomy;

[Collection(AzuriteCollection.Name)]
public sealed class TaxonomyHttpTests(AzuriteFixture azurite)
{
    private static readonly SourceVersion Source = new("\"0x1\"", DateTimeOffset.Parse("2025-02-14T10:00:00Z"));

    [Fact]
    public async Task ListTags_CountsPublishedArticlesOnly()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Publish(app, "a", new ArticleFileBuilder().WithTags("nato", "defence").WithSection("europe"));
        await Publish(app, "b", new ArticleFileBuilder().WithTags("nato").WithSection("world"));
        await Publish(app, "draft", new ArticleFileBuilder().WithTags("nato", "eu").WithStatus("draft"));

        Assert.Equal([("defence", 1), ("nato", 2)], await Counts(app, "tags"));
        Assert.Equal([("europe", 1), ("world", 1)], await Counts(app, "sections"));
    }

    [Fact]
    public async Task ListTags_RetractionAndRetagging_MoveTheCounts()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Publish(app, "a", new ArticleFileBuilder().WithTags("nato", "defence"));
        await Publish(app, "b", new ArticleFileBuilder().WithTags("nato"));

        await Publish(app, "a", new ArticleFileBuilder().WithTags("nato", "defence").WithStatus("retracted"), later: 1);
        await Publish(app, "b", new ArticleFileBuilder().WithTags("eu").WithPublished("2025-02-20T08:00:00Z"), later: 1);

        Assert.Equal([("eu", 1)], await Counts(app, "tags"));
    }

    [Fact]
    public async Task ListTags_ConcurrentPublishesInOneTag_CountEveryArticleOnce()
    {
        await using var app = await TestApp.StartAsync(azurite);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            Publish(app, $"article-{i}", new ArticleFileBuilder().WithTags("nato").WithTitle($"Article {i}")))));

        Assert.Equal([("nato", 12)], await Counts(app, "tags"));
        Assert.Equal(12, (await app.Get<ArticleCatalog>().ListAsync("nato", 100, null, default)).Values.Count);
    }

    [Fact]
    public async Task ListTags_SamePublishAgain_CountsOnce()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var file = new ArticleFileBuilder().WithTags("nato");
        await Publish(app, "a", file);

        await Publish(app, "a", file.WithTitle("Corrected"), later: 1);
        await Publish(app, "a", file.WithTitle("Corrected"), later: 2);

        Assert.Equal([("nato", 1)], await Counts(app, "tags"));
    }

    private static Task Publish(TestApp app, string slug, ArticleFileBuilder file, int later = 0) =>
        app.Get<ArticlePublisher>().PublishAsync(slug + ".md", new BinaryData(file.Build()),
            Source with { LastModified = Source.LastModified.AddMinutes(later) }, default);

    private static async Task<List<(string?, int)>> Counts(TestApp app, string route)
    {
        var exchange = new HttpExchange("GET", "/api/" + route);
        var http = app.Create<TaxonomyHttp>();
        var result = await exchange.ExecuteAsync(route == "tags"
            ? await http.ListTags(exchange.Request, default)
            : await http.ListSections(exchange.Request, default));
        Assert.Equal(200, result.Status);
        return result.Json.GetProperty("items").EnumerateArray()
            .Select(item => (item.GetProperty("name").GetString(), item.GetProperty("count").GetInt32())).ToList();
    }
}
