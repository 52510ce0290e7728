using Azure;
using Azure.Data.Tables;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BudapestPost.Functions.Tests.Articles;

/// <summary>Article rows stored under the row key all articles once shared, moved at startup.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CatalogRowKeyMigrationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StartAsync_LegacyArticleRows_MovesEachToItsOwnRowKeyOnce()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.PublishAsync("bridge", new ArticleFileBuilder().WithTitle("Chain Bridge Reopens"));
        await app.PublishAsync("tram", new ArticleFileBuilder().WithTitle("Trams Return"));
        var table = app.Table(names => names.ArticlesTable);
        foreach (var slug in new[] { "bridge", "tram" })
        {
            await MakeLegacyAsync(table, slug);
        }
        await table.DeleteEntityAsync(CatalogRowKeyMigration.MarkerPartition, CatalogRowKeyMigration.MarkerRowKey, ETag.All);
        var before = await app.Get<ArticleCatalog>().FindAsync("bridge", default);

        await Migration(app).MoveAsync(default);

        Assert.Null(before);
        Assert.Equal("Chain Bridge Reopens", (await app.Get<ArticleCatalog>().FindAsync("bridge", default))!.Title);
        Assert.Equal("Trams Return", (await app.Get<ArticleCatalog>().FindAsync("tram", default))!.Title);
        Assert.Empty(await LegacyRowsAsync(table));
        Assert.Equal(["bridge", "tram"], await PublishedSlugsAsync(app));

        // Once the marker exists, a legacy row is no longer looked for: a start costs one point read.
        await MakeLegacyAsync(table, "tram");
        await Migration(app).MoveAsync(default);
        Assert.Single(await LegacyRowsAsync(table));
    }

    [Fact]
    public async Task FindAsync_BeforeTheRowsAreMoved_FindsAnArticleUnderTheSharedRowKey()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.PublishAsync("bridge", new ArticleFileBuilder().WithTitle("Chain Bridge Reopens"));
        Migration(app);
        await MakeLegacyAsync(app.Table(names => names.ArticlesTable), "bridge");
        var starting = app.Create<ArticleCatalog>(); // a catalog on an instance whose migration has not run yet

        var beforeMoving = await starting.FindAsync("bridge", default);
        var afterMoving = await app.Get<ArticleCatalog>().FindAsync("bridge", default);

        Assert.Equal("Chain Bridge Reopens", beforeMoving!.Title);
        Assert.Null(afterMoving); // an instance that moved every row looks under the row's own key alone
    }

    [Fact]
    public async Task PublishAsync_ArticleStillUnderTheSharedRowKey_LeavesOneRowUnderItsOwn()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.PublishAsync("bridge", new ArticleFileBuilder().WithTitle("Chain Bridge Reopens"));
        Migration(app);
        var table = app.Table(names => names.ArticlesTable);
        await MakeLegacyAsync(table, "bridge");
        var starting = ActivatorUtilities.CreateInstance<ArticlePublisher>(app.Get<IServiceProvider>(), app.Create<ArticleCatalog>());

        await starting.PublishAsync(new ArticleFile("bridge.md",
            new ArticleFileBuilder().WithTitle("Chain Bridge Reopens Again").Build(),
            new SourceVersion("\"0x2\"", DateTimeOffset.Parse("2025-02-14T11:00:00Z"))), default);

        Assert.Equal("Chain Bridge Reopens Again", (await app.Get<ArticleCatalog>().FindAsync("bridge", default))!.Title);
        Assert.Empty(await LegacyRowsAsync(table));
    }

    [Fact]
    public async Task StartAsync_LegacyRowOfAnArticlePublishedSince_KeepsTheNewRow()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await app.PublishAsync("bridge", new ArticleFileBuilder().WithTitle("Chain Bridge Reopens"));
        var table = app.Table(names => names.ArticlesTable);
        var legacy = await LegacyCopyAsync(table, "bridge");
        legacy["Title"] = "An Older Title";
        await table.AddEntityAsync(legacy);
        await table.DeleteEntityAsync(CatalogRowKeyMigration.MarkerPartition, CatalogRowKeyMigration.MarkerRowKey, ETag.All);

        await Migration(app).MoveAsync(default);

        Assert.Equal("Chain Bridge Reopens", (await app.Get<ArticleCatalog>().FindAsync("bridge", default))!.Title);
        Assert.Empty(await LegacyRowsAsync(table));
    }

    // The app's own migration, once its run at startup (on an empty table) has ended.
    private static CatalogRowKeyMigration Migration(TestApp app)
    {
        var migration = app.Get<IEnumerable<IHostedService>>().OfType<CatalogRowKeyMigration>().Single();
        migration.ExecuteTask!.GetAwaiter().GetResult();
        return migration;
    }

    // Stores the article row as the earlier versions did, under the shared row key.
    private static async Task MakeLegacyAsync(TableClient table, string slug)
    {
        await table.AddEntityAsync(await LegacyCopyAsync(table, slug));
        await table.DeleteEntityAsync(CatalogKeys.ArticlePartition(slug), CatalogKeys.ArticleRowKey(slug), ETag.All);
    }

    private static async Task<TableEntity> LegacyCopyAsync(TableClient table, string slug)
    {
        var current = (await table.GetEntityAsync<TableEntity>(CatalogKeys.ArticlePartition(slug), CatalogKeys.ArticleRowKey(slug))).Value;
        var legacy = new TableEntity(current) { RowKey = CatalogKeys.LegacyArticleRowKey };
        legacy.Remove("odata.etag");
        legacy.Remove("Timestamp");
        return legacy;
    }

    private static async Task<List<TableEntity>> LegacyRowsAsync(TableClient table) =>
        await table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {CatalogKeys.LegacyArticleRowKey}")).ToListAsync();

    private static async Task<List<string>> PublishedSlugsAsync(TestApp app) =>
        (await app.Get<ArticleCatalog>().ListPublishedAsync(default).ToListAsync()).Select(row => row.Slug).Order(StringComparer.Ordinal).ToList();
}
