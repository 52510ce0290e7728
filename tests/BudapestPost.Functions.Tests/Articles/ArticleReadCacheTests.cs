using System.Text.Json;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Articles;

/// <summary>The read path against real storage, with time moved by hand: what is served from memory, and how late changes show.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ArticleReadCacheTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);
    // After the articles' date: a version dated ahead of its upload would wait for its time.
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2025-02-15T08:00:00Z");
    private readonly FakeTimeProvider _time = new(Start);
    private int _uploads;

    [Fact]
    public async Task GetArticle_Cached_MakesNoStorageCall()
    {
        await using var app = await StartAsync();
        await Publish(app, "viral", new ArticleFileBuilder().WithTitle("Viral"));
        var etag = (await Get(app, "viral")).Headers.ETag.ToString();
        await List(app, "limit=20");
        await Related(app, "viral");
        var before = StorageRequests(app);

        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Get(app, "viral")));
        var notModified = await Get(app, "viral", ("If-None-Match", etag));
        var listing = await List(app, "limit=20");
        var related = await Related(app, "viral");

        Assert.Equal(0, StorageRequests(app) - before);
        Assert.All(reads, read => Assert.Equal((200, etag), (read.Status, read.Headers.ETag.ToString())));
        Assert.Equal(304, notModified.Status);
        Assert.Equal(200, listing.Status);
        Assert.Equal(404, related.Status);
    }

    [Fact]
    public async Task GetArticle_HundredConcurrentMisses_CostWhatOneMissCosts()
    {
        await using var app = await StartAsync();
        await Publish(app, "alone", new ArticleFileBuilder());
        await Publish(app, "spike", new ArticleFileBuilder());

        var before = StorageRequests(app);
        await Get(app, "alone");
        var oneMiss = StorageRequests(app) - before;
        before = StorageRequests(app);
        var spike = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Get(app, "spike")));
        var hundredMisses = StorageRequests(app) - before;

        // The catalog row, the rendered version, the related list and the narration row: one load of each.
        Assert.Equal(4, oneMiss);
        Assert.Equal(oneMiss, hundredMisses);
        Assert.All(spike, read => Assert.Equal(200, read.Status));
    }

    [Fact]
    public async Task Update_ShowsOnceFreshForHasPassed_WithANewETag()
    {
        await using var app = await StartAsync();
        await Publish(app, "story", new ArticleFileBuilder().WithTitle("First"));
        var first = await Get(app, "story");

        await Publish(app, "story", new ArticleFileBuilder().WithTitle("Second"));
        _time.Advance(FreshFor - TimeSpan.FromTicks(1));
        var withinBound = await Get(app, "story");
        _time.Advance(TimeSpan.FromTicks(1));
        var afterBound = await Get(app, "story", ("If-None-Match", first.Headers.ETag.ToString()));

        Assert.Equal("First", withinBound.Json.GetProperty("title").GetString());
        Assert.Equal(200, afterBound.Status);
        Assert.Equal("Second", afterBound.Json.GetProperty("title").GetString());
        Assert.NotEqual(first.Headers.ETag.ToString(), afterBound.Headers.ETag.ToString());
    }

    [Fact]
    public async Task Retraction_AnswersGoneOnceFreshForHasPassed()
    {
        await using var app = await StartAsync();
        await Publish(app, "takedown", new ArticleFileBuilder());
        await Get(app, "takedown");

        await Publish(app, "takedown", new ArticleFileBuilder().WithStatus("retracted"));
        _time.Advance(FreshFor);
        var response = await Get(app, "takedown");

        Assert.Equal(410, response.Status);
    }

    [Fact]
    public async Task Publish_OfAnArticleAskedForBefore_ShowsInReadAndListingOnceFreshForHasPassed()
    {
        await using var app = await StartAsync();
        var missing = await Get(app, "breaking");
        var emptyListing = await List(app, "limit=20");

        await Publish(app, "breaking", new ArticleFileBuilder());
        var stillMissing = await Get(app, "breaking");
        _time.Advance(FreshFor);
        var found = await Get(app, "breaking");
        var listing = await List(app, "limit=20");

        Assert.Equal((404, 404, 200), (missing.Status, stillMissing.Status, found.Status));
        Assert.Equal(0, emptyListing.Json.GetProperty("items").GetArrayLength());
        Assert.Equal("breaking", Assert.Single(listing.Json.GetProperty("items").EnumerateArray()).GetProperty("slug").GetString());
        Assert.NotEqual(emptyListing.Headers.ETag.ToString(), listing.Headers.ETag.ToString());
    }

    [Fact]
    public async Task RelatedListChange_ChangesTheArticleBodyAndETag()
    {
        await using var app = await StartAsync();
        await Publish(app, "anchor", new ArticleFileBuilder());
        var before = await Get(app, "anchor");

        var related = new RelatedListDocument("anchor", Start,
            [new RelatedArticle("neighbour", "Neighbour", "Lead.", Start, "/api/articles/neighbour", 0.5)]);
        await app.Container(app.Names.IndexesContainer).GetBlobClient(RelatedIndexBlobs.RelatedBlobName("anchor"))
            .UploadAsync(BinaryData.FromObjectAsJson(related, new JsonSerializerOptions(JsonSerializerDefaults.Web)), overwrite: true);
        _time.Advance(FreshFor);
        var after = await Get(app, "anchor");

        Assert.Equal(0, before.Json.GetProperty("related").GetArrayLength());
        Assert.Equal("neighbour", Assert.Single(after.Json.GetProperty("related").EnumerateArray()).GetProperty("slug").GetString());
        Assert.NotEqual(before.Headers.ETag.ToString(), after.Headers.ETag.ToString());
    }

    [Fact]
    public async Task AnonymousReads_CarryCdnHeaders_AndA304KeepsThem()
    {
        await using var app = await StartAsync();
        await Publish(app, "shared", new ArticleFileBuilder());

        var ok = await Get(app, "shared");
        var notModified = await Get(app, "shared", ("If-None-Match", ok.Headers.ETag.ToString()));
        var listing = await List(app, "limit=5");

        foreach (var response in new[] { ok, notModified, listing })
        {
            Assert.Equal("public, max-age=5, s-maxage=5, stale-while-revalidate=5", response.Headers.CacheControl.ToString());
            Assert.Equal("Accept-Encoding", response.Headers.Vary.ToString());
        }
        Assert.Equal(ok.Headers.ETag.ToString(), notModified.Headers.ETag.ToString());
        Assert.Equal("application/json; charset=utf-8", ok.Headers.ContentType.ToString());
    }

    private Task<TestApp> StartAsync() => TestApp.StartAsync(
        azurite,
        services => services.AddSingleton<TimeProvider>(_time),
        new Dictionary<string, string?> { ["ReadCache:FreshFor"] = FreshFor.ToString() });

    private static long StorageRequests(TestApp app) => app.Get<StorageRequestCounter>().Count;

    private async Task Publish(TestApp app, string slug, ArticleFileBuilder file)
    {
        // Each upload is newer than the one before, as it would be in storage.
        var outcome = await app.Get<ArticlePublisher>().PublishAsync(new ArticleFile(slug + ".md", file.Build(),
            new SourceVersion($"\"{slug}\"", Start.AddSeconds(Interlocked.Increment(ref _uploads)))), default);
        Assert.NotEqual(PublishOutcome.Rejected, outcome);
    }

    private static async Task<HttpResult> Get(TestApp app, string slug, params (string Name, string Value)[] headers)
    {
        var exchange = new HttpExchange("GET", "/api/articles/" + slug);
        foreach (var (name, value) in headers)
        {
            exchange.WithHeader(name, value);
        }
        return await exchange.ExecuteAsync(await app.Create<ArticlesHttp>().GetArticle(exchange.Request, slug, default));
    }

    private static async Task<HttpResult> List(TestApp app, string query)
    {
        var exchange = new HttpExchange("GET", "/api/articles", query);
        return await exchange.ExecuteAsync(await app.Create<ArticlesHttp>().ListArticles(exchange.Request, default));
    }

    private static async Task<HttpResult> Related(TestApp app, string slug)
    {
        var exchange = new HttpExchange("GET", $"/api/articles/{slug}/related");
        return await exchange.ExecuteAsync(await app.Create<RelatedHttp>().GetRelatedArticles(exchange.Request, slug, default));
    }
}
