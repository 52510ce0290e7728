using System.IO.Compression;
using Azure.Storage.Blobs;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Feeds;

[Collection(AzuriteCollection.Name)]
public sealed class FeedRebuilderTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task RebuildAsync_FromNothing_WritesWhatThePublishesWrote()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-02-15T12:00:00Z"));
        await using var app = await TestApp.StartAsync(azurite, services => services.AddSingleton<TimeProvider>(time));
        for (var i = 0; i < 6; i++)
        {
            await app.PublishAsync($"article-{i}", new ArticleFileBuilder()
                .WithTags("nato", i % 2 == 0 ? "defence" : "eu").WithSection(i % 3 == 0 ? "europe" : "world")
                .WithPublished(DateTimeOffset.Parse("2025-02-04T08:00:00Z").AddDays(2 * i).ToString("O")));
        }
        await app.PublishAsync("article-4", new ArticleFileBuilder().WithTags("nato", "defence").WithStatus("retracted"), minutesLater: 1);
        await app.PublishAsync("draft", new ArticleFileBuilder().WithTags("nato").WithStatus("draft"));
        var container = app.Container(app.Names.IndexesContainer);
        var published = await FilesAsync(container);
        await Task.WhenAll(published.Keys.Select(name => container.DeleteBlobAsync(name)));
        // A rebuild knows nothing of articles that are not published; "nowhere" is also what no placement means.
        published.Remove("feeds/placements/article-4.json");

        var result = await app.Create<FeedsHttp>().RebuildFeeds(new HttpExchange("POST", "/api/admin/feeds/rebuild").Request, default);

        var rebuilt = await FilesAsync(container);
        Assert.Equal([], published.Keys.Except(rebuilt.Keys).Concat(rebuilt.Keys.Except(published.Keys)));
        Assert.All(published, file => Assert.Equal(file.Value, rebuilt[file.Key]));
        Assert.Equal(new FeedRebuildResult(5, 6, 1), Assert.IsType<Microsoft.AspNetCore.Mvc.OkObjectResult>(result).Value);
    }

    [Fact]
    public async Task RebuildAsync_ArticleWhoseVersionIsGone_LeavesItOutOfTheFeedsOnly()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-02-15T12:00:00Z"));
        await using var app = await TestApp.StartAsync(azurite, services => services.AddSingleton<TimeProvider>(time));
        await app.PublishAsync("kept", new ArticleFileBuilder().WithTags("nato").WithPublished("2025-02-14T07:00:00Z"));
        await app.PublishAsync("gone", new ArticleFileBuilder().WithTags("nato"));
        var hash = (await app.Get<ArticleCatalog>().FindAsync("gone", default))!.ContentHash!;
        await app.Container(app.Names.PublishedContainer).DeleteBlobAsync($"gone/{hash}.json");
        // Another instance, which holds no copy of the version.
        await using var other = await app.StartAnotherInstanceAsync(services => services.AddSingleton<TimeProvider>(time));

        var result = await other.Create<FeedsHttp>().RebuildFeeds(new HttpExchange("POST", "/api/admin/feeds/rebuild").Request, default);

        Assert.Equal(new FeedRebuildResult(2, 2, 1), Assert.IsType<Microsoft.AspNetCore.Mvc.OkObjectResult>(result).Value);
        var feed = FeedEntryList<FeedArticle>.FromJson((await other.Get<FeedBlobs>().ReadAsync(FeedRenderer.FeedState(FeedScope.Tag("nato")), default))!);
        Assert.Equal(["kept"], feed.Entries.Select(e => e.Slug));
        var day = SitemapDay.FromJson((await other.Get<FeedBlobs>().ReadAsync(FeedRenderer.DayState("2025-02-14"), default))!);
        Assert.Equal(["gone", "kept"], day.Entries.Select(e => e.Slug));
    }

    private static async Task<Dictionary<string, string>> FilesAsync(BlobContainerClient container)
    {
        var files = new Dictionary<string, string>();
        await foreach (var blob in container.GetBlobsAsync())
        {
            if ((blob.Name.StartsWith("feeds/", StringComparison.Ordinal) || blob.Name.StartsWith("sitemaps/", StringComparison.Ordinal)) &&
                !blob.Name.EndsWith(".lock", StringComparison.Ordinal))
            {
                var stored = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value;
                using var content = stored.Details.ContentEncoding == "gzip"
                    ? new GZipStream(stored.Content.ToStream(), CompressionMode.Decompress)
                    : stored.Content.ToStream();
                files[blob.Name] = await new StreamReader(content).ReadToEndAsync();
            }
        }
        return files;
    }
}
