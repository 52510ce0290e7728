using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace BudapestPost.Functions.Tests.Feeds;

[Collection(AzuriteCollection.Name)]
public sealed class FeedPublisherTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-02-15T12:00:00Z"));

    [Fact]
    public async Task Publish_ArticleWithTagsAndSection_AppearsInEveryFeedTheSitemapAndTheNewsSitemap()
    {
        await using var app = await StartAsync();

        await app.PublishAsync("nato-chief", new ArticleFileBuilder().WithTags("nato", "defence").WithSection("europe"));

        foreach (var path in new[] { "feeds/", "feeds/tags/nato/", "feeds/tags/defence/", "feeds/sections/europe/" })
        {
            Assert.Equal(["nato-chief"], await RssSlugs(app, path));
            Assert.Equal(["nato-chief"], await JsonFeedSlugs(app, path));
        }
        Assert.Equal(["http://127.0.0.1:7071/articles/nato-chief"], await Locs(app, "sitemaps/2025-02.xml"));
        Assert.Equal(["http://127.0.0.1:7071/api/sitemaps/2025-02.xml"], await Locs(app, "sitemaps/index.xml"));
        Assert.Equal(["http://127.0.0.1:7071/articles/nato-chief"], await Locs(app, "sitemaps/news.xml"));
    }

    [Fact]
    public async Task Publish_Draft_AppearsNowhere()
    {
        await using var app = await StartAsync();

        await app.PublishAsync("draft", new ArticleFileBuilder().WithTags("nato").WithStatus("draft"));

        Assert.Null(await Read(app, "feeds/rss.xml"));
        Assert.Null(await Read(app, "feeds/tags/nato/rss.xml"));
        Assert.Null(await Read(app, "sitemaps/2025-02.xml"));
    }

    [Fact]
    public async Task Publish_Retraction_RemovesTheArticleFromEveryFeedAndSitemapItWasIn()
    {
        await using var app = await StartAsync();
        await app.PublishAsync("kept", new ArticleFileBuilder().WithTags("nato").WithSection("europe").WithPublished("2025-02-14T07:00:00Z"));
        await app.PublishAsync("pulled", new ArticleFileBuilder().WithTags("nato").WithSection("europe"));

        await app.PublishAsync("pulled", new ArticleFileBuilder().WithTags("nato").WithSection("europe").WithStatus("retracted"), minutesLater: 1);

        foreach (var path in new[] { "feeds/", "feeds/tags/nato/", "feeds/sections/europe/" })
        {
            Assert.Equal(["kept"], await RssSlugs(app, path));
        }
        Assert.Equal(["http://127.0.0.1:7071/articles/kept"], await Locs(app, "sitemaps/2025-02.xml"));
        Assert.Equal(["http://127.0.0.1:7071/articles/kept"], await Locs(app, "sitemaps/news.xml"));
    }

    [Fact]
    public async Task Publish_RetaggedAndRedated_LeavesTheOldTagFeedAndMonth()
    {
        await using var app = await StartAsync();
        await app.PublishAsync("moved", new ArticleFileBuilder().WithTags("old-tag"));

        await app.PublishAsync("moved", new ArticleFileBuilder().WithTags("new-tag").WithPublished("2025-01-20T08:00:00Z"), minutesLater: 1);

        Assert.Empty(await RssSlugs(app, "feeds/tags/old-tag/"));
        Assert.Equal(["moved"], await RssSlugs(app, "feeds/tags/new-tag/"));
        Assert.Empty(await Locs(app, "sitemaps/2025-02.xml"));
        Assert.Equal(["http://127.0.0.1:7071/articles/moved"], await Locs(app, "sitemaps/2025-01.xml"));
        Assert.Equal(["http://127.0.0.1:7071/api/sitemaps/2025-01.xml"], await Locs(app, "sitemaps/index.xml"));
        Assert.Empty(await Locs(app, "sitemaps/news.xml"));
    }

    [Fact]
    public async Task Publish_Update_MovesAtomUpdatedAndSitemapLastmod()
    {
        await using var app = await StartAsync();
        await app.PublishAsync("fixed", new ArticleFileBuilder());

        await app.PublishAsync("fixed", new ArticleFileBuilder().WithTitle("Corrected title").WithUpdated("2025-02-15T09:00:00Z"), minutesLater: 1);

        var entry = XDocument.Parse((await Read(app, "feeds/atom.xml"))!).Root!.Element(Atom + "entry")!;
        Assert.Equal("Corrected title", entry.Element(Atom + "title")!.Value);
        Assert.Equal("2025-02-15T09:00:00+00:00", entry.Element(Atom + "updated")!.Value);
        var lastmod = XDocument.Parse((await Read(app, "sitemaps/2025-02.xml"))!).Descendants(Sitemap + "lastmod").Single().Value;
        Assert.Equal("2025-02-15T09:00:00+00:00", lastmod);
    }

    [Fact]
    public async Task Publish_RetractionFromAFullFeed_RefillsItWithTheNextOlderArticle()
    {
        await using var app = await StartAsync();
        for (var i = 0; i < FeedEntryList.Capacity + 1; i++)
        {
            await app.PublishAsync($"article-{i:D2}", new ArticleFileBuilder().WithTags("nato")
                .WithPublished(DateTimeOffset.Parse("2025-02-01T00:00:00Z").AddHours(i).ToString("O")));
        }
        Assert.DoesNotContain("article-00", await RssSlugs(app, "feeds/tags/nato/"));

        await app.PublishAsync("article-50", new ArticleFileBuilder().WithTags("nato").WithStatus("retracted"), minutesLater: 1);

        var slugs = await RssSlugs(app, "feeds/tags/nato/");
        Assert.Equal(FeedEntryList.Capacity, slugs.Length);
        Assert.Equal("article-49", slugs[0]);
        Assert.Equal("article-00", slugs[^1]);
    }

    [Fact]
    public async Task Publish_SameFileAgain_WritesNothing()
    {
        await using var app = await StartAsync();
        var file = new ArticleFileBuilder().WithTags("nato");
        await app.PublishAsync("same", file);
        var article = ArticleParserFor("same", file);

        var written = await app.Get<FeedPublisher>().PublishAsync(article, BudapestPost.Core.Articles.ArticleRenderer.Render(article.Body), default);

        Assert.Equal(0, written);
    }

    [Fact]
    public async Task Publish_OlderUploadArrivingLate_LeavesTheFeedsAtTheNewerVersion()
    {
        await using var app = await StartAsync();
        await app.PublishAsync("raced", new ArticleFileBuilder().WithTitle("Newer"), minutesLater: 5);

        await app.PublishAsync("raced", new ArticleFileBuilder().WithTitle("Older"), minutesLater: 1);

        Assert.Contains("Newer", await Read(app, "feeds/rss.xml"));
        Assert.DoesNotContain("Older", await Read(app, "feeds/rss.xml"));
    }

    [Fact]
    public async Task Publish_ConcurrentVersionsOfOneArticle_FeedsEndAtTheNewest()
    {
        await using var app = await StartAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            app.PublishAsync("contended", new ArticleFileBuilder().WithTitle($"Version {i}").WithTags($"tag-{i % 2}"), minutesLater: i))));

        Assert.Equal(["contended"], await RssSlugs(app, "feeds/tags/tag-1/"));
        Assert.Empty(await RssSlugs(app, "feeds/tags/tag-0/"));
        Assert.Contains("Version 7", await Read(app, "feeds/rss.xml"));
    }

    [Fact]
    public async Task Publish_SeedArticleIntoItsSixFullFeedsAndAMonthOf3000Articles_WritesAtMost50KB()
    {
        var traffic = new BlobTraffic();
        await using var app = await TestApp.StartAsync(azurite, services => traffic.AddTo(services).AddSingleton<TimeProvider>(_time));
        const string seed = "not-an-enemy-any-more-why-russia-is-courting-the-taliban";
        // Its month (August 2021) already holds 3,000 articles, about 97 a day, as their publishes left its sitemap.
        const int monthArticles = 3_000;
        await SeedSitemapsAsync(app, SyntheticMonth(new DateTimeOffset(2021, 8, 1, 0, 0, 0, TimeSpan.Zero), monthArticles));
        var samples = Path.Combine(RepositoryRoot.Path, "samples", "articles");
        var seedFile = await File.ReadAllTextAsync(Path.Combine(samples, seed + ".md"));
        // The other 50 samples (short ones) with the seed's body, section and four tags and dates before its own fill its six feeds.
        var others = Directory.GetFiles(samples, "*.md").Where(path => Path.GetFileNameWithoutExtension(path) != seed).Order(StringComparer.Ordinal).ToList();
        foreach (var (path, i) in others.Select((path, i) => (path, i)))
        {
            var frontMatter = FrontMatter(await File.ReadAllTextAsync(path));
            frontMatter = FrontMatterLine("published").Replace(frontMatter, $"published: 2021-08-{i % 15 + 1:D2}T{i % 24:D2}:00:00+02:00\n", 1);
            frontMatter = FrontMatterLine("section").Replace(FrontMatterLine("tags").Replace(frontMatter, "", 1),
                "section: world\ntags: [russia, afghanistan, taliban, central-asia]\n", 1);
            await PublishFileAsync(app, Path.GetFileNameWithoutExtension(path), frontMatter + seedFile[FrontMatter(seedFile).Length..]);
        }

        var mark = traffic.Count;
        await PublishFileAsync(app, seed, seedFile);
        var writes = traffic.Since(mark).Where(r => r.Container == app.Names.IndexesContainer && r.UploadedBytes > 0).ToList();

        var written = writes.Sum(r => r.UploadedBytes);
        output.WriteLine($"{written:N0} bytes written to feed and sitemap states by one publish of {seed} into its 6 full feeds " +
            $"and a month of {monthArticles + others.Count:N0} articles:");
        writes.ForEach(write => output.WriteLine($"  {write.UploadedBytes,9:N0}  {write.Blob}"));
        foreach (var feed in new[] { "feeds/", "feeds/sections/world/", "feeds/tags/russia/", "feeds/tags/central-asia/" })
        {
            var slugs = await RssSlugs(app, feed);
            Assert.Equal((50, seed), (slugs.Length, slugs[0]));
        }
        // The month's, the seed and the others but the first (published at midnight +02:00, which is still July in UTC).
        Assert.Equal(monthArticles + others.Count, (await Locs(app, "sitemaps/2021-08.xml")).Length);
        Assert.All(writes, write => Assert.Matches("^(feeds|sitemaps)/", write.Blob));
        Assert.InRange(written, 1, 50 * 1024);
    }

    [Fact]
    public async Task Publish_BurstOfArticles_EndsInEveryFeedWithAFewRequestsPerArticle()
    {
        await using var app = await StartAsync();
        const int count = 40;
        var articles = Enumerable.Range(0, count).Select(i => ArticleParserFor($"burst-{i:D2}", new ArticleFileBuilder()
            .WithTags($"tag-{i % 5}", $"tag-{(i + 1) % 5}").WithSection(i % 2 == 0 ? "europe" : "world")
            .WithPublished(DateTimeOffset.Parse("2025-02-14T00:00:00Z").AddMinutes(i).ToString("O")))).ToList();
        var publisher = app.Get<FeedPublisher>();
        var counter = app.Get<BudapestPost.Functions.Storage.StorageRequestCounter>();

        var before = counter.Count;
        await Task.WhenAll(articles.Select(article => Task.Run(() =>
            publisher.PublishAsync(article, BudapestPost.Core.Articles.ArticleRenderer.Render(article.Body), default))));
        var perArticle = (double)(counter.Count - before) / count;

        output.WriteLine($"{perArticle:F1} storage requests per published article (4 feeds each, {count} at once)");
        Assert.Equal(articles.Select(a => a.Slug).Reverse(), await RssSlugs(app, "feeds/"));
        Assert.Equal(count * 2 / 5, (await RssSlugs(app, "feeds/tags/tag-3/")).Length);
        Assert.Equal(count, (await Locs(app, "sitemaps/2025-02.xml")).Length);
        Assert.Equal(count, (await Locs(app, "sitemaps/news.xml")).Length);
        // Without merging (one publish at a time) an article costs 16 here: the placement read and write, and a read and a write of each
        // of its 4 feeds, its sitemap day and month and the news sitemap. Concurrent publishes share those of the shared states.
        Assert.InRange(perArticle, 1, 16);
    }

    [Fact]
    public async Task Publish_OneAfterAnother_ReadsNoStateThisInstanceCommitted()
    {
        await using var app = await StartAsync();
        var publisher = app.Get<FeedPublisher>();
        var counter = app.Get<BudapestPost.Functions.Storage.StorageRequestCounter>();
        var articles = Enumerable.Range(0, 6).Select(i => ArticleParserFor($"story-{i}", new ArticleFileBuilder()
            .WithTags("nato", "defence").WithSection("europe")
            .WithPublished(DateTimeOffset.Parse("2025-02-14T00:00:00Z").AddMinutes(i).ToString("O")))).ToList();
        await Publish(publisher, articles[0]);

        var before = counter.Count;
        foreach (var article in articles.Skip(1))
        {
            await Publish(publisher, article);
        }
        var perArticle = (double)(counter.Count - before) / (articles.Count - 1);

        Assert.Equal(articles.Select(a => a.Slug).Reverse(), await RssSlugs(app, "feeds/tags/nato/"));
        // A write of each of its 4 feeds, its sitemap day and month and the news sitemap, and its placement's read and write
        // (the index, which lists the month already, is not written); reading each state first as well made it 16.
        Assert.Equal(9, perArticle);
    }

    [Fact]
    public async Task Publish_ArchiveArticlesOneAfterAnother_ReadTheNewsSitemapTheyLeaveUnchangedOnce()
    {
        await using var app = await StartAsync();
        var publisher = app.Get<FeedPublisher>();
        var counter = app.Get<BudapestPost.Functions.Storage.StorageRequestCounter>();
        // Years old: outside the news sitemap's two days, so no publish writes it, and none need read it again.
        var articles = Enumerable.Range(0, 6).Select(i => ArticleParserFor($"archive-{i}", new ArticleFileBuilder()
            .WithTags("nato", "defence").WithSection("europe")
            .WithPublished(DateTimeOffset.Parse("2021-02-14T00:00:00Z").AddMinutes(i).ToString("O")))).ToList();
        await Publish(publisher, articles[0]);

        var before = counter.Count;
        foreach (var article in articles.Skip(1))
        {
            await Publish(publisher, article);
        }

        Assert.Equal(8, (double)(counter.Count - before) / (articles.Count - 1));
        Assert.Equal(6, (await Locs(app, "sitemaps/2021-02.xml")).Length);
        Assert.Empty(await Locs(app, "sitemaps/news.xml"));
    }

    [Fact]
    public async Task Publish_AfterAnotherInstanceChangedAState_ReadsItAgainAndLosesNoEntry()
    {
        await using var app = await StartAsync();
        await using var other = await app.StartAnotherInstanceAsync(services => services.AddSingleton<TimeProvider>(_time));
        var articles = Enumerable.Range(0, 3).Select(i => ArticleParserFor($"story-{i}", new ArticleFileBuilder()
            .WithTags("nato").WithPublished(DateTimeOffset.Parse("2025-02-14T00:00:00Z").AddMinutes(i).ToString("O")))).ToList();
        // As the article publisher does, each version is stored before the feeds hear of it: an instance renders the
        // entries another one added from their stored versions.
        await Task.WhenAll(articles.Select(article => StoreVersionAsync(app, article)));

        await Publish(app.Get<FeedPublisher>(), articles[0]);
        await Publish(other.Get<FeedPublisher>(), articles[1]);
        await Publish(app.Get<FeedPublisher>(), articles[2]);

        Assert.Equal(["story-2", "story-1", "story-0"], await RssSlugs(app, "feeds/tags/nato/"));
        Assert.Equal(3, (await Locs(other, "sitemaps/2025-02.xml")).Length);
        Assert.Equal(3, (await Locs(other, "sitemaps/news.xml")).Length);
    }

    [Fact]
    public async Task RefreshNews_AfterTwoDays_DropsTheArticleFromTheNewsSitemapOnly()
    {
        await using var app = await StartAsync();
        await app.PublishAsync("yesterday", new ArticleFileBuilder());

        _time.Advance(TimeSpan.FromDays(2));
        await app.Get<FeedPublisher>().RefreshNewsAsync(default);

        Assert.Empty(await Locs(app, "sitemaps/news.xml"));
        Assert.Equal(["yesterday"], await RssSlugs(app, "feeds/"));
    }

    /// <summary>
    /// <paramref name="count"/> articles published evenly over the month that starts at <paramref name="start"/>, with slugs
    /// made from their (made-up) headlines, so their URLs compress as a news site's do.
    /// </summary>
    private static List<BudapestPost.Core.Articles.Article> SyntheticMonth(DateTimeOffset start, int count)
    {
        var generator = new SyntheticArticles(count);
        var interval = (start.AddMonths(1) - start) / count;
        return Enumerable.Range(0, count).Select(i =>
        {
            var article = generator.Article(i);
            return article with { Slug = $"{BudapestPost.Core.Articles.Slug.FromText(article.Title)}-{i}", Published = start + interval * i };
        }).ToList();
    }

    /// <summary>The sitemap states the publishes of <paramref name="articles"/> leave behind, written as a rebuild writes them.</summary>
    private async Task SeedSitemapsAsync(TestApp app, IReadOnlyCollection<BudapestPost.Core.Articles.Article> articles)
    {
        var snapshot = await FeedSnapshot.BuildAsync(articles, article => Task.FromResult<FeedArticle?>(FeedArticle.Of(article)),
            app.Get<FeedRenderer>().ArticleUrl, _time.GetUtcNow());
        await Task.WhenAll(FeedRebuilder.StateFiles(snapshot).Where(file => file.Path.StartsWith("sitemaps/", StringComparison.Ordinal))
            .Select(file => app.Get<FeedBlobs>().WriteAsync(file, default)));
    }

    private static Task<long> Publish(FeedPublisher publisher, BudapestPost.Core.Articles.Article article) =>
        publisher.PublishAsync(article, BudapestPost.Core.Articles.ArticleRenderer.Render(article.Body), default);

    private static Task StoreVersionAsync(TestApp app, BudapestPost.Core.Articles.Article article) =>
        app.Get<PublishedArticles>().WriteAsync(new PublishedArticle(article.Slug, article.Title, article.Lead, article.Published, article.Updated,
            article.Tags, article.Section, article.AiGenerated, BudapestPost.Core.Articles.ArticleRenderer.Render(article.Body).Html, ""),
            article.ContentHash, default);

    private async Task<TestApp> StartAsync() =>
        await TestApp.StartAsync(azurite, services => services.AddSingleton<TimeProvider>(_time));

    private static Task PublishFileAsync(TestApp app, string slug, string file) =>
        app.Get<ArticlePublisher>().PublishAsync(new ArticleFile(slug + ".md", System.Text.Encoding.UTF8.GetBytes(file),
            new SourceVersion("\"0x1\"", DateTimeOffset.Parse("2025-02-14T10:00:00Z"))), default);

    /// <summary>A file's front matter with its opening line, up to the line that closes it.</summary>
    private static string FrontMatter(string file) => file[..(file.IndexOf("\n---\n", 4, StringComparison.Ordinal) + 1)];

    private static Regex FrontMatterLine(string key) => new($"^{key}: .*\n", RegexOptions.Multiline);

    private static BudapestPost.Core.Articles.Article ArticleParserFor(string slug, ArticleFileBuilder file) =>
        BudapestPost.Core.Articles.ArticleParser.Parse(slug + ".md", file.Build()).Value!;

    /// <summary>A file as a GET serves it (rendered from its state), by its route under <c>/api/</c>; null when there is none.</summary>
    private static async Task<string?> Read(TestApp app, string path)
    {
        var renderer = app.Get<FeedRenderer>();
        var folder = path[..(path.LastIndexOf('/') + 1)];
        var rendering = folder switch
        {
            "sitemaps/" => renderer.Sitemap(path[folder.Length..])!,
            "feeds/" => renderer.Feed(FeedScope.Site, path[folder.Length..]),
            _ when folder.StartsWith("feeds/tags/", StringComparison.Ordinal) => renderer.Feed(FeedScope.Tag(folder.Split('/')[2]), path[folder.Length..]),
            _ => renderer.Feed(FeedScope.Section(folder.Split('/')[2]), path[folder.Length..]),
        };
        return await app.Get<FeedBlobs>().ReadServedAsync(rendering, default) is { } file ? System.Text.Encoding.UTF8.GetString(file.Content) : null;
    }

    private static async Task<string[]> RssSlugs(TestApp app, string path) =>
        await Read(app, path + "rss.xml") is { } xml ? XDocument.Parse(xml).Descendants("guid").Select(g => g.Value).ToArray() : [];

    private static async Task<string[]> JsonFeedSlugs(TestApp app, string path) =>
        JsonDocument.Parse((await Read(app, path + "feed.json"))!).RootElement.GetProperty("items")
            .EnumerateArray().Select(item => item.GetProperty("id").GetString()!).ToArray();

    private static async Task<string[]> Locs(TestApp app, string path) =>
        XDocument.Parse((await Read(app, path))!).Descendants(Sitemap + "loc").Select(l => l.Value).ToArray();
}
