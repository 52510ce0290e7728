using System.Globalization;
using Azure.Storage.Blobs;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Related;

[Collection(AzuriteCollection.Name)]
public sealed class RelatedIndexerTests(AzuriteFixture azurite)
{
    private readonly string _prefix = "r" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task ApplyAsync_HundredConcurrentPublishesOnFourInstances_EqualsSequentialRebuild()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var files = Enumerable.Range(0, 100).Select(i => File(i)).ToArray();
        await Task.WhenAll(files.Select(file => Upload(app, file.BlobName, file.Content)));
        var instances = Enumerable.Range(0, 4).Select(_ => NewInstance(app)).ToArray();

        await Task.WhenAll(files.Select((file, i) => instances[i % instances.Length].ApplyAsync(file.BlobName, default)));

        var statistics = await StoredStatisticsAsync(app);
        var expected = RelatedIndex.Build(files.Select(file => file.Article), Options(app), statistics);
        foreach (var file in files)
        {
            var stored = await app.Get<RelatedIndexBlobs>().ReadRelatedAsync(file.Article.Slug, default);
            Assert.Equal(
                expected.Related(file.Article.Slug)!.Select(item => (item.Slug, item.Score)),
                stored!.Value.Document.Items.Select(item => (item.Slug, item.Score)));
        }
        Assert.NotEmpty(expected.Related(files[0].Article.Slug)!);
    }

    [Fact]
    public async Task ApplyAsync_SameFileTwice_WritesNothingNew()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<RelatedIndexer>();
        await PublishAsync(app, 3);
        var before = await BlobVersions(app);

        var changes = await indexer.ApplyAsync(File(1).BlobName, default);

        Assert.True(changes.IsEmpty);
        Assert.Equal(before, await BlobVersions(app));
    }

    [Fact]
    public async Task ApplyAsync_MalformedFile_ChangesNoIndex()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<RelatedIndexer>();
        await PublishAsync(app, 3);
        var before = await BlobVersions(app);
        await Upload(app, File(1).BlobName, new ArticleFileBuilder().Without("title").Build());

        var changes = await indexer.ApplyAsync(File(1).BlobName, default);

        Assert.True(changes.IsEmpty);
        Assert.Equal(before, await BlobVersions(app));
    }

    [Fact]
    public async Task ApplyAsync_Retraction_RemovesListAndArticleFromOtherLists()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<RelatedIndexer>();
        var files = await PublishAsync(app, 4);
        var retracted = files[0];
        await Upload(app, retracted.BlobName, File(0, status: "retracted").Content);

        await indexer.ApplyAsync(retracted.BlobName, default);

        var blobs = app.Get<RelatedIndexBlobs>();
        Assert.Null(await blobs.ReadRelatedAsync(retracted.Article.Slug, default));
        foreach (var file in files.Skip(1))
        {
            var list = await blobs.ReadRelatedAsync(file.Article.Slug, default);
            Assert.DoesNotContain(list!.Value.Document.Items, item => item.Slug == retracted.Article.Slug);
        }
    }

    [Fact]
    public async Task GetRelatedArticles_ThenIfNoneMatch_Returns200Then304()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await PublishAsync(app, 3);
        var slug = File(0).Article.Slug;
        var http = app.Create<RelatedHttp>();

        var first = new HttpExchange("GET", $"/api/articles/{slug}/related");
        var ok = await first.ExecuteAsync(await http.GetRelatedArticles(first.Request, slug, default));
        var second = new HttpExchange("GET", $"/api/articles/{slug}/related").WithHeader("If-None-Match", ok.Headers.ETag.ToString());
        var notModified = await second.ExecuteAsync(await http.GetRelatedArticles(second.Request, slug, default));

        Assert.Equal(200, ok.Status);
        Assert.Contains($"\"slug\":\"{slug}\"", ok.Body);
        Assert.Equal(304, notModified.Status);
    }

    [Fact]
    public async Task GetRelatedArticles_UnknownSlug_Returns404Problem()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var exchange = new HttpExchange("GET", "/api/articles/nowhere/related");

        var response = await exchange.ExecuteAsync(await app.Create<RelatedHttp>().GetRelatedArticles(exchange.Request, "nowhere", default));

        Assert.Equal(404, response.Status);
        Assert.Contains("urn:budapest-post:problem:not-found", response.Body);
    }

    private (string BlobName, byte[] Content, Article Article) File(int number, string status = "published")
    {
        var article = Synthetic.Article(number);
        var slug = $"{_prefix}-{number}";
        var content = new ArticleFileBuilder()
            .WithTitle(article.Title)
            .WithLead(article.Lead)
            .WithPublished(article.Published.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture))
            .WithTags([.. article.Tags])
            .WithStatus(status)
            .WithBody(article.Body)
            .Build();
        var parsed = ArticleParser.Parse(slug + ".md", content);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Reason}")));
        return (slug + ".md", content, parsed.Article);
    }

    /// <summary>Uploads and indexes articles 0..count-1, one after another.</summary>
    private async Task<(string BlobName, byte[] Content, Article Article)[]> PublishAsync(TestApp app, int count)
    {
        var files = Enumerable.Range(0, count).Select(i => File(i)).ToArray();
        foreach (var file in files)
        {
            await Upload(app, file.BlobName, file.Content);
            await app.Get<RelatedIndexer>().ApplyAsync(file.BlobName, default);
        }
        return files;
    }

    private static readonly SyntheticArticles Synthetic = new(100, bodyWords: 80);

    private static RelatedOptions Options(TestApp app) => app.Get<IOptions<RelatedOptions>>().Value;

    private static RelatedIndexer NewInstance(TestApp app) => new(
        app.Create<RelatedModelStore>(),
        app.Get<RelatedListWriter>(),
        app.Get<BlobServiceClient>(),
        app.Get<IOptions<RelatedOptions>>(),
        NullLogger<RelatedIndexer>.Instance);

    /// <summary>The statistics snapshot of the stored model, as a fresh instance loads it.</summary>
    private static async Task<TermStatistics> StoredStatisticsAsync(TestApp app)
    {
        await using var session = await app.Create<RelatedModelStore>().OpenAsync(default);
        return session.Index.Statistics;
    }

    private static Task Upload(TestApp app, string blobName, byte[] content) =>
        app.Container(ArticleSources.Container).GetBlobClient(blobName).UploadAsync(new BinaryData(content), overwrite: true);

    private static async Task<Dictionary<string, string>> BlobVersions(TestApp app)
    {
        var versions = new Dictionary<string, string>();
        await foreach (var blob in app.Container(app.Names.IndexesContainer).GetBlobsAsync())
        {
            versions.Add(blob.Name, blob.Properties.ETag.ToString()!);
        }
        return versions;
    }
}
