using System.Xml.Linq;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Feeds;

[Collection(AzuriteCollection.Name)]
public sealed class FeedsHttpTests(AzuriteFixture azurite)
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [Theory]
    [InlineData("rss.xml", "application/rss+xml")]
    [InlineData("atom.xml", "application/atom+xml")]
    [InlineData("feed.json", "application/feed+json")]
    public async Task GetFeed_Published_ServesTheRenderedFileWithCaching(string file, string mediaType)
    {
        await using var app = await PublishedAppAsync();

        var response = await GetFeed(app, file);

        Assert.Equal(200, response.Status);
        Assert.Equal(mediaType, response.MediaType);
        Assert.Contains("nato-chief", response.Body);
        Assert.Equal("public, max-age=5, s-maxage=5, stale-while-revalidate=5", response.Headers.CacheControl.ToString());
        Assert.Equal("Accept-Encoding", response.Headers.Vary.ToString());
        Assert.StartsWith("\"", response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task GetFeed_IfNoneMatchCurrentETag_Is304()
    {
        await using var app = await PublishedAppAsync();
        var etag = (await GetFeed(app, "rss.xml")).Headers.ETag.ToString();

        var response = await GetFeed(app, "rss.xml", etag);

        Assert.Equal(304, response.Status);
        Assert.Equal("", response.Body);
    }

    [Fact]
    public async Task GetFeed_ReadAgain_IsServedFromMemoryUntilFreshForHasPassed()
    {
        await using var app = await PublishedAppAsync();
        var first = await GetFeed(app, "rss.xml");
        // Another instance's publish rewrites the feed's state behind this one's back.
        var blob = app.Get<BlobServiceClient>().GetBlobContainerClient(app.Get<IOptions<StorageOptions>>().Value.IndexesContainer)
            .GetBlobClient(FeedRenderer.FeedState(FeedScope.Site));
        await blob.UploadAsync(new BinaryData(new FeedEntryList<FeedArticle>().ToJson()), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } });

        var before = app.Get<StorageRequestCounter>().Count;
        var fromMemory = await GetFeed(app, "rss.xml");
        var served = app.Get<StorageRequestCounter>().Count - before;
        ((FakeTimeProvider)app.Get<TimeProvider>()).Advance(app.Get<IOptions<ReadCacheOptions>>().Value.FreshFor);
        var afterBound = await GetFeed(app, "rss.xml");

        Assert.Equal(0, served);
        Assert.Equal(first.Body, fromMemory.Body);
        Assert.Contains("nato-chief", first.Body);
        Assert.DoesNotContain("nato-chief", afterBound.Body);
        Assert.Contains("<channel>", afterBound.Body);
        Assert.NotEqual(first.Headers.ETag.ToString(), afterBound.Headers.ETag.ToString());
    }

    [Fact]
    public async Task GetFeed_EveryFormat_IsRenderedFromOneStateRead()
    {
        await using var app = await PublishedAppAsync();

        var before = app.Get<StorageRequestCounter>().Count;
        var bodies = new List<string>();
        foreach (var file in new[] { "rss.xml", "atom.xml", "feed.json" })
        {
            bodies.Add((await GetFeed(app, file)).Body);
        }
        var requests = app.Get<StorageRequestCounter>().Count - before;

        Assert.Equal(1, requests);
        Assert.All(bodies, body => Assert.Contains("nato-chief", body));
    }

    [Fact]
    public async Task GetFeed_OnAnInstanceHoldingNoVersion_ReadsTheStateAndEachEntrysVersionOnce()
    {
        await using var app = await PublishedAppAsync();
        await app.PublishAsync("eu-summit", new ArticleFileBuilder().WithTitle("EU summit").WithTags("nato").WithBody("The summit *met*.\n"), minutesLater: 1);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-02-15T00:00:00Z"));
        var traffic = new BlobTraffic();
        await using var cold = await app.StartAnotherInstanceAsync(services => traffic.AddTo(services).AddSingleton<TimeProvider>(time));

        var mark = traffic.Count;
        var rss = await GetFeed(cold, "rss.xml");
        var atom = await GetFeed(cold, "atom.xml");
        var firstReads = ReadsByContainer(cold, traffic.Since(mark));
        await app.PublishAsync("nato-budget", new ArticleFileBuilder().WithTitle("NATO budget").WithTags("nato").WithPublished("2025-02-14T11:00:00+01:00"));
        time.Advance(cold.Get<IOptions<ReadCacheOptions>>().Value.FreshFor);
        mark = traffic.Count;
        var changed = await GetFeed(cold, "rss.xml");
        var readsAfterChange = ReadsByContainer(cold, traffic.Since(mark));

        // The state and the versions of its two entries, side by side; the Atom file is rendered from what the RSS file read.
        Assert.Equal((1, 2), firstReads);
        Assert.Contains("The summit &lt;em&gt;met&lt;/em&gt;.", rss.Body);
        Assert.Contains("Mark Rutte spoke in Brussels.", atom.Body);
        // The changed state and the one version it did not hold.
        Assert.Equal((1, 1), readsAfterChange);
        Assert.Equal(["nato-budget", "eu-summit", "nato-chief"], XDocument.Parse(changed.Body).Descendants("guid").Select(g => g.Value));
    }

    [Fact]
    public async Task GetFeed_EntryWhoseVersionIsGone_IsServedWithoutItAndTheErrorSaysWhatToDo()
    {
        await using var app = await PublishedAppAsync();
        await app.PublishAsync("eu-summit", new ArticleFileBuilder().WithTitle("EU summit").WithTags("nato"), minutesLater: 1);
        var hash = (await app.Get<ArticleCatalog>().FindAsync("nato-chief", default))!.ContentHash!;
        await app.Container(app.Names.PublishedContainer).DeleteBlobAsync($"nato-chief/{hash}.json");
        // An instance that did not publish it holds no copy of the version.
        await using var other = await app.StartAnotherInstanceAsync(services => services.AddLogging(logging => logging.AddFakeLogging()));

        var response = await GetFeed(other, "rss.xml");

        Assert.Equal(200, response.Status);
        Assert.Equal(["eu-summit"], XDocument.Parse(response.Body).Descendants("guid").Select(g => g.Value));
        var error = Assert.Single(other.Get<FakeLogCollector>().GetSnapshot(), record => record.Level == LogLevel.Error);
        Assert.Contains(new KeyValuePair<string, string?>("Slug", "nato-chief"), error.StructuredState!);
        Assert.Contains(new KeyValuePair<string, string?>("ContentHash", hash), error.StructuredState!);
        Assert.Contains("POST /api/admin/feeds/rebuild", error.Message);
    }

    [Fact]
    public async Task GetTagFeed_KnownTag_IsThatTagsFeed()
    {
        await using var app = await PublishedAppAsync();
        var exchange = new HttpExchange("GET", "/api/feeds/tags/nato/feed.json");

        var response = await exchange.ExecuteAsync(await app.Create<FeedsHttp>().GetTagFeed(exchange.Request, "nato", "feed.json", default));

        Assert.Equal(200, response.Status);
        Assert.Equal("Budapest Post: nato", response.Json.GetProperty("title").GetString());
    }

    [Fact]
    public async Task GetTagFeed_UnknownTag_Is404Problem()
    {
        await using var app = await PublishedAppAsync();
        var exchange = new HttpExchange("GET", "/api/feeds/tags/unknown/rss.xml");

        var response = await exchange.ExecuteAsync(await app.Create<FeedsHttp>().GetTagFeed(exchange.Request, "unknown", "rss.xml", default));

        Assert.Equal(404, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("urn:budapest-post:problem:not-found", response.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task GetSectionFeed_NotASlug_Is400Problem()
    {
        await using var app = await PublishedAppAsync();
        var exchange = new HttpExchange("GET", "/api/feeds/sections/Not%20A%20Slug/rss.xml");

        var response = await exchange.ExecuteAsync(await app.Create<FeedsHttp>().GetSectionFeed(exchange.Request, "Not A Slug", "rss.xml", default));

        Assert.Equal(400, response.Status);
        Assert.NotEmpty(response.ErrorsFor("section"));
    }

    [Theory]
    [InlineData("entries.json")]
    [InlineData("rss.json")]
    public async Task GetFeed_NotAFeedFile_Is404Problem(string file)
    {
        await using var app = await PublishedAppAsync();

        var response = await GetFeed(app, file);

        Assert.Equal(404, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
    }

    [Theory]
    [InlineData("index.xml", 200)]
    [InlineData("news.xml", 200)]
    [InlineData("2025-02.xml", 200)]
    [InlineData("2025-03.xml", 404)]
    [InlineData("2025-02-2.xml", 404)]
    [InlineData("2025-02-1.xml", 404)]
    [InlineData("state.json", 404)]
    public async Task GetSitemap_ServesOnlySitemapFiles(string file, int status)
    {
        await using var app = await PublishedAppAsync();

        var response = await GetSitemap(app, file);

        Assert.Equal(status, response.Status);
        Assert.Equal(status == 200 ? "application/xml" : "application/problem+json", response.MediaType);
    }

    [Fact]
    public async Task GetSitemap_MonthOnAnInstanceHoldingNoState_ReadsTheMonthThenEachOfItsDays()
    {
        await using var app = await PublishedAppAsync();
        await app.PublishAsync("eu-summit", new ArticleFileBuilder().WithPublished("2025-02-13T10:00:00Z"));
        await app.PublishAsync("eu-budget", new ArticleFileBuilder().WithPublished("2025-02-13T11:00:00Z"));
        var traffic = new BlobTraffic();
        await using var cold = await app.StartAnotherInstanceAsync(services =>
            traffic.AddTo(services).AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.Parse("2025-02-15T00:00:00Z"))));

        var mark = traffic.Count;
        var month = await GetSitemap(cold, "2025-02.xml");
        var monthReads = ReadsByContainer(cold, traffic.Since(mark));
        mark = traffic.Count;
        var index = await GetSitemap(cold, "index.xml");
        var indexReads = ReadsByContainer(cold, traffic.Since(mark));

        Assert.Equal(["eu-budget", "eu-summit", "nato-chief"], XDocument.Parse(month.Body).Descendants(Sitemap + "loc").Select(loc => loc.Value.Split('/')[^1]));
        // The month's state and its two days' states; no published version.
        Assert.Equal((3, 0), monthReads);
        Assert.Equal("2025-02-14T09:30:00+01:00", XDocument.Parse(index.Body).Descendants(Sitemap + "lastmod").Single().Value);
        // The index's state; the month it lists is still in memory.
        Assert.Equal((1, 0), indexReads);
    }

    [Fact]
    public async Task GetSitemap_NewsBeforeAnyPublish_IsAnEmptyUrlSet()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var news = await GetSitemap(app, "news.xml");
        var index = await GetSitemap(app, "index.xml");

        Assert.Equal(200, news.Status);
        var urlset = System.Xml.Linq.XDocument.Parse(news.Body).Root!;
        Assert.Equal("urlset", urlset.Name.LocalName);
        Assert.Empty(urlset.Elements());
        Assert.Equal(404, index.Status); // an index lists months, and there is none yet
    }

    /// <summary>The blob reads of states and of published versions among <paramref name="requests"/>.</summary>
    private static (int States, int Versions) ReadsByContainer(TestApp app, IReadOnlyList<BlobRequest> requests) => (
        requests.Count(r => r.Method == "GET" && r.Container == app.Names.IndexesContainer),
        requests.Count(r => r.Method == "GET" && r.Container == app.Names.PublishedContainer));

    private static async Task<HttpResult> GetSitemap(TestApp app, string file)
    {
        var exchange = new HttpExchange("GET", "/api/sitemaps/" + file);
        return await exchange.ExecuteAsync(await app.Create<FeedsHttp>().GetSitemap(exchange.Request, file, default));
    }

    private async Task<TestApp> PublishedAppAsync()
    {
        var app = await TestApp.StartAsync(azurite, services =>
            services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.Parse("2025-02-15T00:00:00Z"))),
            new Dictionary<string, string?> { ["ReadCache:FreshFor"] = "00:00:05" });
        await app.PublishAsync("nato-chief", new ArticleFileBuilder().WithTags("nato"));
        return app;
    }

    private static async Task<HttpResult> GetFeed(TestApp app, string file, string? ifNoneMatch = null)
    {
        var exchange = new HttpExchange("GET", "/api/feeds/" + file);
        if (ifNoneMatch is not null)
        {
            exchange.WithHeader("If-None-Match", ifNoneMatch);
        }
        return await exchange.ExecuteAsync(await app.Create<FeedsHttp>().GetFeed(exchange.Request, file, default));
    }
}
