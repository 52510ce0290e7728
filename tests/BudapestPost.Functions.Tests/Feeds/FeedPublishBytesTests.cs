using System.Text.RegularExpressions;
using System.Xml.Linq;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace BudapestPost.Functions.Tests.Feeds;

/// <summary>What one publish writes to the feed and sitemap states, counted on the wire against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FeedPublishBytesTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string Seed = "not-an-enemy-any-more-why-russia-is-courting-the-taliban";

    [Fact]
    public async Task Publish_SeedArticleIntoItsSixFullFeeds_WritesAtMost50KB()
    {
        var traffic = new BlobTraffic();
        await using var app = await TestApp.StartAsync(azurite, services => traffic.AddTo(services)
            .AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.Parse("2025-02-15T12:00:00Z"))));
        var seed = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "samples", "articles", Seed + ".md"));
        var seedBody = seed[(seed.IndexOf("\n---\n", 4, StringComparison.Ordinal) + 5)..];
        // The other 50 samples (short ones) with the seed's body, section and four tags and dates before its own fill its six feeds.
        var others = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "samples", "articles"), "*.md")
            .Where(path => Path.GetFileNameWithoutExtension(path) != Seed).Order(StringComparer.Ordinal).ToList();
        foreach (var (path, i) in others.Select((path, i) => (path, i)))
        {
            var text = await File.ReadAllTextAsync(path);
            var frontMatter = text[..(text.IndexOf("\n---\n", 4, StringComparison.Ordinal) + 1)];
            frontMatter = FrontMatterLine("published").Replace(frontMatter, $"published: 2021-08-{i % 15 + 1:D2}T{i % 24:D2}:00:00+02:00\n", 1);
            frontMatter = FrontMatterLine("section").Replace(FrontMatterLine("tags").Replace(frontMatter, "", 1),
                "section: world\ntags: [russia, afghanistan, taliban, central-asia]\n", 1);
            await PublishAsync(app, Path.GetFileNameWithoutExtension(path), frontMatter + "---\n" + seedBody);
        }

        var mark = traffic.Count;
        await PublishAsync(app, Seed, seed);
        var writes = traffic.Since(mark).Where(r => r.Container == app.Names.IndexesContainer && r.UploadedBytes > 0).ToList();

        var written = writes.Sum(r => r.UploadedBytes);
        output.WriteLine($"{written:N0} bytes written to feed and sitemap states by one publish of {Seed} into its 6 full feeds:");
        writes.ForEach(write => output.WriteLine($"  {write.UploadedBytes,9:N0}  {write.Blob}"));
        foreach (var feed in new[] { "feeds/", "feeds/sections/world/", "feeds/tags/russia/", "feeds/tags/central-asia/" })
        {
            var guids = await RssGuidsAsync(app, feed);
            Assert.Equal((50, Seed), (guids.Length, guids[0]));
        }
        Assert.All(writes, write => Assert.Matches("^(feeds|sitemaps)/", write.Blob));
        Assert.InRange(written, 1, 50 * 1024);
    }

    private static Task PublishAsync(TestApp app, string slug, string file) =>
        app.Get<ArticlePublisher>().PublishAsync(new ArticleFile(slug + ".md", System.Text.Encoding.UTF8.GetBytes(file),
            new SourceVersion("\"0x1\"", DateTimeOffset.Parse("2025-02-14T10:00:00Z"))), default);

    private static Regex FrontMatterLine(string key) => new($"^{key}: .*\n", RegexOptions.Multiline);

    private static async Task<string[]> RssGuidsAsync(TestApp app, string feed)
    {
        var exchange = new HttpExchange("GET", "/api/" + feed + "rss.xml");
        var http = app.Create<FeedsHttp>();
        var parts = feed.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var result = parts.Length == 1
            ? await http.GetFeed(exchange.Request, "rss.xml", default)
            : parts[1] == "sections"
                ? await http.GetSectionFeed(exchange.Request, parts[2], "rss.xml", default)
                : await http.GetTagFeed(exchange.Request, parts[2], "rss.xml", default);
        var response = await exchange.ExecuteAsync(result);
        return XDocument.Parse(response.Body).Descendants("guid").Select(guid => guid.Value).ToArray();
    }
}
