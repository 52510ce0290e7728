using BudapestPost.Core.Articles;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;

namespace BudapestPost.Functions.Tests.Articles;

/// <summary>The catalog's writes as a publish makes them: the change feed, the listings with their counts, the article row.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ArticleCatalogTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ReplaceAsync_NewArticlesOneAfterAnother_ReadsNothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var catalog = app.Get<ArticleCatalog>();
        var counter = app.Get<StorageRequestCounter>();
        await catalog.ReplaceAsync(Article(0), Source, null, default);

        var before = counter.Count;
        for (var i = 1; i <= 4; i++)
        {
            await catalog.ReplaceAsync(Article(i), Source, null, default);
        }

        // The change with its number, one transaction per listing (latest, tag, section), the tag's and the section's
        // counts, the article row. Reading the sequence and each listing's count and row first made it 14.
        Assert.Equal(7 * 4, counter.Count - before);
        Assert.Equal([new TaxonomyCount("budapest", 5)], await catalog.Listings.CountsAsync(CatalogListings.TagsPartition, default));
    }

    [Fact]
    public async Task ReplaceAsync_InstancesTakingTurns_CountsEveryArticleOnceAndNumbersEveryChangeOnce()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await using var other = await app.StartAnotherInstanceAsync();
        ArticleCatalog[] instances = [app.Get<ArticleCatalog>(), other.Get<ArticleCatalog>()];

        for (var i = 0; i < 6; i++)
        {
            await instances[i % 2].ReplaceAsync(Article(i), Source, null, default);
        }
        var published = Article(0);
        await instances[1].ReplaceAsync(published with { Status = ArticleStatus.Draft, ContentHash = "unpublished" }, Source,
            await instances[1].FindAsync(published.Slug, default), default);

        Assert.Equal([new TaxonomyCount("budapest", 5)], await instances[0].Listings.CountsAsync(CatalogListings.TagsPartition, default));
        Assert.Equal([new TaxonomyCount("city", 5)], await instances[1].Listings.CountsAsync(CatalogListings.SectionsPartition, default));
        Assert.Equal(5, (await instances[0].ListAsync(CatalogKeys.ListingPartition(null, null), 20, null, default))!.Items.Count);
        var changes = await instances[0].Changes.ReadAsync(0, 20, default);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], changes.Select(change => change.Sequence));
        Assert.Equal(ArticleChangeKind.Unpublished, changes[^1].Change);
    }

    [Fact]
    public async Task ListingsReplaceAsync_RowAlreadyThere_CountsItOnce()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var listings = app.Get<ArticleCatalog>().Listings;
        var row = new CatalogEntity
        {
            PartitionKey = CatalogKeys.TagPartition("budapest"),
            RowKey = CatalogKeys.ListingRowKey(Source.LastModified, "bridge"),
            Slug = "bridge",
        };

        // As a retry after a crash finds it: the row and its count written, this instance's memory gone.
        await listings.ReplaceAsync(row.PartitionKey, null, row, default);
        await using var restarted = await app.StartAnotherInstanceAsync();
        await restarted.Get<ArticleCatalog>().Listings.ReplaceAsync(row.PartitionKey, null, row, default);

        Assert.Equal([new TaxonomyCount("budapest", 1)], await listings.CountsAsync(CatalogListings.TagsPartition, default));
    }

    private static readonly SourceVersion Source = new("\"0x1\"", DateTimeOffset.Parse("2025-02-14T10:00:00Z"));

    private static Article Article(int i) => ArticleParser.Parse($"story-{i}.md", new ArticleFileBuilder()
        .WithTags("budapest").WithSection("city")
        .WithPublished(DateTimeOffset.Parse("2025-02-14T00:00:00Z").AddMinutes(i).ToString("O")).Build()).Value!;
}
