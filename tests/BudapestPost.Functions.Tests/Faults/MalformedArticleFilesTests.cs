using Azure.Data.Tables;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Xunit.Abstractions;

namespace BudapestPost.Functions.Tests.Faults;

/// <summary>
/// Malformed article files through both real blob triggers on Azurite: each one is recorded in
/// PublishErrors, no invocation throws (so none would be retried into the poison queue), and the
/// live articles stay as they were.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MalformedArticleFilesTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Seed = 20261129;
    private const int FileCount = 132; // every kind twelve times

    [Fact]
    public async Task MalformedFiles_EachGetsAPublishErrorsRow_NoneThrows_LiveVersionsUnchanged()
    {
        await using var app = await TestApp.StartAsync(azurite);
        string[] live = ["live-one", "live-two", "live-three"];
        foreach (var slug in live)
        {
            await UploadAndTriggerAsync(app, slug + ".md", new ArticleFileBuilder().WithTitle("Live " + slug).Build());
        }
        var before = await LiveVersionsAsync(app, live);
        var generator = new MalformedArticleFiles(Seed);

        var failures = new List<string>();
        for (var index = 0; index < FileCount; index++)
        {
            var (kind, name, content) = generator.Next(index, live);
            try
            {
                var etag = await UploadAndTriggerAsync(app, name, content);
                var row = FindErrorRow(app, name, etag);
                if (row is null)
                {
                    failures.Add($"#{index} {kind} {name}: no PublishErrors row");
                }
                else if (row.GetString("Errors").Length > 16 * 1024)
                {
                    failures.Add($"#{index} {kind} {name}: Errors is {row.GetString("Errors").Length} characters");
                }
            }
            catch (Exception exception)
            {
                failures.Add($"#{index} {kind} {name}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        output.WriteLine($"{FileCount} malformed files (seed {Seed}), {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await LiveVersionsAsync(app, live));
    }

    [Fact]
    public async Task DownloadAsync_FileOverTheLimit_ReadsNoContent()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var huge = new byte[8 * 1024 * 1024];
        await app.Container(StorageOptions.ArticlesContainer).GetBlobClient("huge.md").UploadAsync(new BinaryData(huge), overwrite: true);

        var file = await app.Get<ArticleFiles>().DownloadAsync("huge.md", default);

        Assert.Null(file!.Content);
        Assert.Equal("file", Assert.Single(file.Parse().Errors).Field);
    }

    private static async Task<string> UploadAndTriggerAsync(TestApp app, string name, byte[] content)
    {
        var blob = app.Container(StorageOptions.ArticlesContainer).GetBlobClient(name);
        var uploaded = await blob.UploadAsync(new BinaryData(content), overwrite: true);
        await app.Create<PublishArticleTrigger>().PublishArticle(blob, name, default);
        await app.Create<RenderRelatedIndexesTrigger>().RenderRelatedIndexes(blob, default);
        return uploaded.Value.ETag.ToString();
    }

    private static TableEntity? FindErrorRow(TestApp app, string name, string etag) =>
        app.Table(names => names.PublishErrorsTable)
            .Query<TableEntity>(e => e.PartitionKey == PublishErrorLog.PartitionFor(name))
            .SingleOrDefault(e => e.GetString("BlobETag") == etag);

    private static async Task<List<string>> LiveVersionsAsync(TestApp app, IEnumerable<string> slugs)
    {
        var versions = new List<string>();
        foreach (var slug in slugs)
        {
            var row = await app.Get<ArticleCatalog>().FindAsync(slug, default);
            var article = await app.Get<PublishedArticles>().ReadAsync(slug, row!.ContentHash!, default);
            versions.Add($"{slug} {row.ContentHash} {row.Status} {article!.Title}");
        }
        return versions;
    }
}
