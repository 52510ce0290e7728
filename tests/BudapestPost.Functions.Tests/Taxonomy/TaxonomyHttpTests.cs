using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Taxonomy;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;

namespace BudapestPost.Functions.Tests.Taxonomy;

[Collection(AzuriteCollection.Name)]
public sealed class TaxonomyHttpTests(AzuriteFixture azurite)
{

    [Fact]
    public async Task ListTags_CountsPublishedArticlesOnly()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.PublishAsync("a", new ArticleFileBuilder().WithTags("nato", "defence").WithSection("europe"));
        await app.PublishAsync("b", new ArticleFileBuilder().WithTags("nato").WithSection("world"));
        await app.PublishAsync("draft", new ArticleFileBuilder().WithTags("nato", "eu").WithStatus("draft"));

        Assert.Equal([("defence", 1), ("nato", 2)], await Counts(app, "tags"));
        Assert.Equal([("europe", 1), ("world", 1)], await Counts(app, "sections"));
    }

    [Fact]
    public async Task ListTags_RetractionAndRetagging_MoveTheCounts()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.PublishAsync("a", new ArticleFileBuilder().WithTags("nato", "defence"));
        await app.PublishAsync("b", new ArticleFileBuilder().WithTags("nato"));

        await app.PublishAsync("a", new ArticleFileBuilder().WithTags("nato", "defence").WithStatus("retracted"), minutesLater: 1);
        await app.PublishAsync("b", new ArticleFileBuilder().WithTags("eu").WithPublished("2025-02-20T08:00:00Z"), minutesLater: 1);

        Assert.Equal([("eu", 1)], await Counts(app, "tags"));
    }

    [Fact]
    public async Task ListTags_ConcurrentPublishesInOneTag_CountEveryArticleOnce()
    {
        await using var app = await TestApp.StartAsync(azurite);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() =>
            app.PublishAsync($"article-{i}", new ArticleFileBuilder().WithTags("nato").WithTitle($"Article {i}")))));

        Assert.Equal([("nato", 12)], await Counts(app, "tags"));
        Assert.Equal(12, (await app.Get<ArticleCatalog>().ListAsync(CatalogKeys.TagPartition("nato"), 100, null, default))!.Items.Count);
    }

    [Fact]
    public async Task ListTags_SamePublishAgain_CountsOnce()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var file = new ArticleFileBuilder().WithTags("nato");
        await app.PublishAsync("a", file);

        await app.PublishAsync("a", file.WithTitle("Corrected"), minutesLater: 1);
        await app.PublishAsync("a", file.WithTitle("Corrected"), minutesLater: 2);

        Assert.Equal([("nato", 1)], await Counts(app, "tags"));
    }

    [Fact]
    public async Task ListTags_RetryAfterACrashBeforeTheCommit_CountsOnce()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.PublishAsync("a", new ArticleFileBuilder().WithTags("nato"));
        var retagged = new ArticleFileBuilder().WithTags("nato", "eu");
        // A first attempt moved the listing into tag_eu, then crashed before the article row was written.
        var published = DateTimeOffset.Parse("2025-02-14T09:30:00+01:00");
        await app.Get<ArticleCatalog>().Listings.ReplaceAsync(CatalogKeys.TagPartition("eu"), null,
            new CatalogEntity { PartitionKey = CatalogKeys.TagPartition("eu"), RowKey = CatalogKeys.ListingRowKey(published, "a"), Slug = "a" },
            default);

        await app.PublishAsync("a", retagged, minutesLater: 1);

        Assert.Equal([("eu", 1), ("nato", 1)], await Counts(app, "tags"));
    }

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
