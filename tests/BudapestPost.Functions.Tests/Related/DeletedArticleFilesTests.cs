using System.Xml.Linq;
using BudapestPost.Core.Feeds;
using BudapestPost.Core.Search;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Changes;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Search;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;

namespace BudapestPost.Functions.Tests.Related;

/// <summary>A BlobDeleted event for an article file, delivered to the admin route as Event Grid does.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DeletedArticleFilesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ArticleFilesChanged_PublishedFileDeleted_WithdrawsTheArticleAsAnUnpublish()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await UploadAndPublishAsync(app, "kept", new ArticleFileBuilder().WithTags("nato").WithPublished("2025-02-14T07:00:00Z"));
        await UploadAndPublishAsync(app, "gone", new ArticleFileBuilder().WithTags("nato"));
        Assert.Equal(200, (await Get(app, "gone")).Status);
        await DeleteAsync(app, "gone");

        var response = await DeliverBlobDeletedAsync(app, "gone.md");

        Assert.Equal(200, response.Status);
        Assert.Equal(404, (await Get(app, "gone")).Status);
        Assert.Equal(["kept"], await ListSlugs(app, null));
        Assert.Equal(["kept"], await ListSlugs(app, "tag=nato"));
        Assert.Equal([("kept", "published"), ("gone", "published"), ("gone", "unpublished")], await Changes(app));
        Assert.Equal(["kept"], await TagRssSlugs(app, "nato"));
        Assert.Equal(200, (await Get(app, "kept")).Status);
    }

    [Fact]
    public async Task ArticleFilesChanged_RetractedFileDeleted_KeepsTheRetraction()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await UploadAndPublishAsync(app, "pulled", new ArticleFileBuilder());
        await UploadAndPublishAsync(app, "pulled", new ArticleFileBuilder().WithStatus("retracted"));
        await DeleteAsync(app, "pulled");

        var response = await DeliverBlobDeletedAsync(app, "pulled.md");

        Assert.Equal(200, response.Status);
        Assert.Equal(410, (await Get(app, "pulled")).Status);
        Assert.Equal([("pulled", "published"), ("pulled", "retracted")], await Changes(app));
    }

    [Fact]
    public async Task ArticleFilesChanged_PublishedFileDeleted_LeavesTheSearchIndex()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await UploadAndPublishAsync(app, "kept", new ArticleFileBuilder().WithBody("The glacier retreated again.\n"));
        await UploadAndPublishAsync(app, "gone", new ArticleFileBuilder().WithBody("The glacier lost a tenth of its ice.\n"));
        await app.Get<SearchIndexer>().ApplyAsync(["kept.md", "gone.md"], default);
        Assert.Equal(["gone", "kept"], await SearchSlugs(app, "glacier"));
        await DeleteAsync(app, "gone");

        var response = await DeliverBlobDeletedAsync(app, "gone.md");

        Assert.Equal(200, response.Status);
        Assert.Equal(["kept"], await SearchSlugs(app, "glacier"));
    }

    [Fact]
    public async Task ArticleFilesChanged_SameEventTwice_UnpublishesOnce()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await UploadAndPublishAsync(app, "gone", new ArticleFileBuilder());
        await DeleteAsync(app, "gone");

        await DeliverBlobDeletedAsync(app, "gone.md");
        var again = await DeliverBlobDeletedAsync(app, "gone.md");

        Assert.Equal(200, again.Status);
        Assert.Equal([("gone", "published"), ("gone", "unpublished")], await Changes(app));
    }

    [Fact]
    public async Task ArticleFilesChanged_FileUploadedAgainBeforeTheEvent_LeavesTheArticlePublished()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var file = new ArticleFileBuilder();
        await UploadAndPublishAsync(app, "back", file);
        await DeleteAsync(app, "back");
        await UploadAndPublishAsync(app, "back", file);

        var response = await DeliverBlobDeletedAsync(app, "back.md");

        Assert.Equal(200, response.Status);
        Assert.Equal(200, (await Get(app, "back")).Status);
        Assert.Equal(["back"], await ListSlugs(app, null));
        Assert.Equal([("back", "published")], await Changes(app));
    }

    [Fact]
    public async Task ArticleFilesChanged_SameFileUploadedAfterTheWithdrawal_IsPublishedAgain()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var file = new ArticleFileBuilder();
        await UploadAndPublishAsync(app, "back", file);
        await DeleteAsync(app, "back");
        await DeliverBlobDeletedAsync(app, "back.md");

        var outcome = await UploadAndPublishAsync(app, "back", file);

        Assert.Equal(PublishOutcome.Published, outcome);
        Assert.Equal(200, (await Get(app, "back")).Status);
        Assert.Equal([("back", "published"), ("back", "unpublished"), ("back", "published")], await Changes(app));
    }

    [Theory]
    [InlineData("never-published.md")]
    [InlineData("Not A Slug.md")]
    [InlineData("notes.txt")]
    [InlineData("../x.md")]
    public async Task ArticleFilesChanged_FileNeverPublished_ChangesNothing(string blobName)
    {
        await using var app = await TestApp.StartAsync(azurite);
        await UploadAndPublishAsync(app, "kept", new ArticleFileBuilder());

        var response = await DeliverBlobDeletedAsync(app, blobName);

        Assert.Equal(200, response.Status);
        Assert.Equal(404, (await Get(app, "never-published")).Status);
        Assert.Null(await app.Get<ArticleCatalog>().FindAsync("never-published", default));
        Assert.Equal(["kept"], await ListSlugs(app, null));
        Assert.Equal([("kept", "published")], await Changes(app));
    }

    private static async Task<PublishOutcome> UploadAndPublishAsync(TestApp app, string slug, ArticleFileBuilder file)
    {
        var files = app.Get<ArticleFiles>();
        await files.UploadAsync(slug, file.Build(), default);
        return await app.Get<ArticlePublisher>().PublishAsync((await files.DownloadAsync(ArticleFiles.BlobName(slug), default))!, default);
    }

    private static Task DeleteAsync(TestApp app, string slug) =>
        app.Container(StorageOptions.ArticlesContainer).GetBlobClient(ArticleFiles.BlobName(slug)).DeleteAsync();

    private static async Task<HttpResult> DeliverBlobDeletedAsync(TestApp app, string blobName)
    {
        var exchange = new HttpExchange("POST", "/api/admin/article-events").WithBody(
            $$"""[{"id":"1","eventType":"Microsoft.Storage.BlobDeleted","subject":"/blobServices/default/containers/articles/blobs/{{blobName}}","data":{"api":"DeleteBlob"},"eventTime":"2025-02-14T09:00:00Z","dataVersion":"","metadataVersion":"1"}]""",
            "application/json");
        return await app.SendAsync(exchange, () => app.Create<RelatedHttp>().ArticleFilesChanged(exchange.Request, default));
    }

    private static async Task<HttpResult> Get(TestApp app, string slug)
    {
        var exchange = new HttpExchange("GET", "/api/articles/" + slug);
        return await app.SendAsync(exchange, () => app.Create<ArticlesHttp>().GetArticle(exchange.Request, slug, default));
    }

    private static async Task<string[]> ListSlugs(TestApp app, string? query)
    {
        var exchange = new HttpExchange("GET", "/api/articles", query);
        var response = await app.SendAsync(exchange, () => app.Create<ArticlesHttp>().ListArticles(exchange.Request, default));
        return response.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!).ToArray();
    }

    private static async Task<List<(string?, string?)>> Changes(TestApp app)
    {
        var exchange = new HttpExchange("GET", "/api/changes");
        var response = await app.SendAsync(exchange, () => app.Create<ChangesHttp>().ListChanges(exchange.Request, default));
        return response.Json.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("slug").GetString(), c.GetProperty("change").GetString())).ToList();
    }

    /// <summary>What this instance's search replica finds: the one the indexer changed, so current at once.</summary>
    private static async Task<string[]> SearchSlugs(TestApp app, string query)
    {
        using var view = await app.Get<SearchReplica>().OpenAsync(default);
        return view.Search(new SearchRequest(query, Limit: ArticleSearcher.MaxLimit)).Hits.Select(hit => hit.Slug).Order(StringComparer.Ordinal).ToArray();
    }

    private static async Task<string[]> TagRssSlugs(TestApp app, string tag) =>
        await app.Get<FeedBlobs>().ReadServedAsync(app.Get<FeedRenderer>().Feed(FeedScope.Tag(tag), FeedFiles.Rss), default) is { } rss
            ? XDocument.Parse(System.Text.Encoding.UTF8.GetString(rss.Content)).Descendants("guid").Select(g => g.Value).ToArray()
            : [];
}
