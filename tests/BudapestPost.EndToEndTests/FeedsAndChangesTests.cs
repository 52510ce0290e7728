using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>Publishing as crawlers, aggregators and syncing apps see it: feeds, sitemaps, the change feed and tag counts.</summary>
[Collection(FunctionAppCollection.Name)]
public sealed class FeedsAndChangesTests(FunctionAppFixture app)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private readonly ArticleApi _api = new(app);

    [Fact]
    public async Task Upload_AppearsInFeedsSitemapsChangeFeedAndTagCounts()
    {
        var (slug, tag, published) = NewArticle("feed");
        var since = await ChangeCursorAsync();

        await _api.UploadAsync(slug, File(tag, published));

        Assert.Contains(slug, await Eventually.Until(() => RssSlugsAsync($"api/feeds/tags/{tag}/rss.xml"), slugs => slugs.Contains(slug)));
        Assert.Contains(slug, await RssSlugsAsync("api/feeds/rss.xml"));
        Assert.Contains(slug, await JsonFeedIdsAsync("api/feeds/sections/europe/feed.json"));
        Assert.Contains(slug, await AtomIdsAsync("api/feeds/atom.xml"));
        Assert.Contains(await SitemapLocsAsync($"api/sitemaps/{published:yyyy-MM}.xml"), loc => loc.EndsWith("/" + slug, StringComparison.Ordinal));
        Assert.Contains(await SitemapLocsAsync("api/sitemaps/index.xml"), loc => loc.EndsWith($"/api/sitemaps/{published:yyyy-MM}.xml", StringComparison.Ordinal));
        Assert.Contains(await SitemapLocsAsync("api/sitemaps/news.xml"), loc => loc.EndsWith("/" + slug, StringComparison.Ordinal));
        Assert.Contains((slug, "published"), await ChangesAsync(since));
        Assert.Equal(1, await TagCountAsync(tag));
    }

    [Fact]
    public async Task Retract_RemovesFromFeedsAndSitemapsAndLeavesATombstone()
    {
        var (slug, tag, published) = NewArticle("pulled");
        await _api.UploadAsync(slug, File(tag, published));
        await Eventually.Until(() => RssSlugsAsync($"api/feeds/tags/{tag}/rss.xml"), slugs => slugs.Contains(slug));
        var since = await ChangeCursorAsync();

        await _api.UploadAsync(slug, File(tag, published).WithStatus("retracted"));

        Assert.DoesNotContain(slug, await Eventually.Until(() => RssSlugsAsync($"api/feeds/tags/{tag}/rss.xml"), slugs => !slugs.Contains(slug)));
        Assert.DoesNotContain(slug, await RssSlugsAsync("api/feeds/rss.xml"));
        Assert.DoesNotContain(slug, await JsonFeedIdsAsync("api/feeds/sections/europe/feed.json"));
        Assert.DoesNotContain(await SitemapLocsAsync($"api/sitemaps/{published:yyyy-MM}.xml"), loc => loc.EndsWith("/" + slug, StringComparison.Ordinal));
        Assert.DoesNotContain(await SitemapLocsAsync("api/sitemaps/news.xml"), loc => loc.EndsWith("/" + slug, StringComparison.Ordinal));
        Assert.Equal([(slug, "retracted")], (await ChangesAsync(since)).Where(c => c.Slug == slug));
        Assert.Equal(0, await TagCountAsync(tag));
    }

    [Fact]
    public async Task Update_MovesAtomUpdatedAndSitemapLastmod()
    {
        var (slug, tag, published) = NewArticle("fixed");
        await _api.UploadAsync(slug, File(tag, published));
        await Eventually.Until(() => RssSlugsAsync($"api/feeds/tags/{tag}/rss.xml"), slugs => slugs.Contains(slug));
        var since = await ChangeCursorAsync();
        var updated = published.AddMinutes(30);

        await _api.UploadAsync(slug, File(tag, published).WithUpdated(updated.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)));

        var entry = await Eventually.Until(() => AtomEntryUpdatedAsync($"api/feeds/tags/{tag}/atom.xml", slug), value => value == updated);
        Assert.Equal(updated, entry);
        var lastmod = (await SitemapAsync($"api/sitemaps/{published:yyyy-MM}.xml")).Descendants(Sitemap + "url")
            .Single(url => url.Element(Sitemap + "loc")!.Value.EndsWith("/" + slug, StringComparison.Ordinal))
            .Element(Sitemap + "lastmod")!.Value;
        Assert.Equal(updated, DateTimeOffset.Parse(lastmod, CultureInfo.InvariantCulture));
        Assert.Equal([(slug, "updated")], (await ChangesAsync(since)).Where(c => c.Slug == slug));
    }

    [Fact]
    public async Task Feed_ServedWithContentTypeETagAnd304()
    {
        var (slug, tag, published) = NewArticle("cached");
        await _api.UploadAsync(slug, File(tag, published));
        await Eventually.Until(() => RssSlugsAsync($"api/feeds/tags/{tag}/rss.xml"), slugs => slugs.Contains(slug));

        var first = await app.Client.GetAsync($"api/feeds/tags/{tag}/feed.json");
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"api/feeds/tags/{tag}/feed.json");
        revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        var second = await app.Client.SendAsync(revalidate);

        Assert.Equal("application/feed+json", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task UnknownTagFeed_Is404Problem_AndMalformedCursor_Is400Problem()
    {
        var feed = await app.Client.GetAsync("api/feeds/tags/no-such-tag-anywhere/rss.xml");
        var changes = await app.Client.GetAsync("api/changes?since=garbage");

        Assert.Equal(HttpStatusCode.NotFound, feed.StatusCode);
        Assert.Equal("application/problem+json", feed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, changes.StatusCode);
        Assert.Equal("application/problem+json", changes.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task JsonRoutes_AnswerAsTheServedOpenApiDocumentSays()
    {
        var contract = new OpenApiContract(await app.Client.GetStringAsync("api/openapi.json"));
        var (slug, tag, published) = NewArticle("contract");
        await _api.UploadAsync(slug, File(tag, published));
        await Eventually.Until(() => RssSlugsAsync($"api/feeds/tags/{tag}/rss.xml"), slugs => slugs.Contains(slug));

        await ConformsAsync(contract, HttpMethod.Get, $"api/feeds/tags/{tag}/feed.json", "/feeds/tags/{tag}/{file}", HttpStatusCode.OK);
        await ConformsAsync(contract, HttpMethod.Get, "api/feeds/tags/no-such-tag-anywhere/rss.xml", "/feeds/tags/{tag}/{file}", HttpStatusCode.NotFound);
        await ConformsAsync(contract, HttpMethod.Get, "api/sitemaps/nope.txt", "/sitemaps/{file}", HttpStatusCode.NotFound);
        await ConformsAsync(contract, HttpMethod.Get, "api/feeds/corrections/nope.txt", "/feeds/corrections/{file}", HttpStatusCode.NotFound);
        await ConformsAsync(contract, HttpMethod.Get, "api/changes?limit=5", "/changes", HttpStatusCode.OK);
        await ConformsAsync(contract, HttpMethod.Get, "api/changes?since=garbage", "/changes", HttpStatusCode.BadRequest);
        await ConformsAsync(contract, HttpMethod.Get, "api/tags", "/tags", HttpStatusCode.OK);
        await ConformsAsync(contract, HttpMethod.Get, "api/sections", "/sections", HttpStatusCode.OK);
        await ConformsAsync(contract, HttpMethod.Get, "api/articles?section=europe", "/articles", HttpStatusCode.OK);
        await ConformsAsync(contract, HttpMethod.Get, $"api/articles/{slug}", "/articles/{slug}", HttpStatusCode.OK);
        await ConformsAsync(contract, HttpMethod.Post, "api/admin/feeds/rebuild", "/admin/feeds/rebuild", HttpStatusCode.OK, await app.Host.AdminAsync());
    }

    [Fact]
    public async Task Article_HasItsCanonicalUrl_AndListsBySection()
    {
        var (slug, tag, published) = NewArticle("canonical");
        await _api.UploadAsync(slug, File(tag, published).WithSection("canonical-" + slug));
        await Eventually.Until(() => RssSlugsAsync($"api/feeds/tags/{tag}/rss.xml"), slugs => slugs.Contains(slug));

        var article = await app.Client.GetFromJsonAsync<JsonElement>($"api/articles/{slug}");
        var listed = await app.Client.GetFromJsonAsync<JsonElement>($"api/articles?section=canonical-{slug}");

        Assert.Equal($"http://127.0.0.1:7071/articles/{slug}", article.GetProperty("canonicalUrl").GetString());
        Assert.Equal([slug], listed.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("slug").GetString()));
        Assert.Equal(1, (await app.Client.GetFromJsonAsync<JsonElement>("api/sections")).GetProperty("items").EnumerateArray()
            .Single(item => item.GetProperty("name").GetString() == $"canonical-{slug}").GetProperty("count").GetInt32());
    }

    private async Task ConformsAsync(
        OpenApiContract contract, HttpMethod method, string uri, string documentedPath, HttpStatusCode expected, HttpClient? client = null)
    {
        using var response = await (client ?? app.Client).SendAsync(new HttpRequestMessage(method, uri));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{method} {uri}: {(int)response.StatusCode} {body}");
        var schema = contract.ResponseSchema(documentedPath, method.Method.ToLowerInvariant(), (int)expected, response.Content.Headers.ContentType?.MediaType ?? "");
        Assert.Empty(contract.Violations(schema, body));
    }

    private static (string Slug, string Tag, DateTimeOffset Published) NewArticle(string prefix)
    {
        var slug = ArticleApi.NewSlug(prefix);
        // Published a minute ago, whole seconds: newest in the site feed and inside the news window.
        var now = DateTimeOffset.UtcNow;
        return (slug, "tag-" + slug, new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero).AddMinutes(-1));
    }

    private static ArticleFileBuilder File(string tag, DateTimeOffset published) => new ArticleFileBuilder()
        .WithTags(tag).WithSection("europe")
        .WithPublished(published.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));

    private async Task<string> ReadAsync(string path)
    {
        var response = await app.Client.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : "";
    }

    private async Task<string[]> RssSlugsAsync(string path) =>
        await ReadAsync(path) is { Length: > 0 } xml ? XDocument.Parse(xml).Descendants("guid").Select(g => g.Value).ToArray() : [];

    private async Task<string[]> AtomIdsAsync(string path) =>
        XDocument.Parse(await ReadAsync(path)).Descendants(Atom + "id").Select(id => id.Value.Split(':')[^1]).ToArray();

    private async Task<DateTimeOffset?> AtomEntryUpdatedAsync(string path, string slug) =>
        XDocument.Parse(await ReadAsync(path)).Descendants(Atom + "entry")
            .Where(e => e.Element(Atom + "id")!.Value.EndsWith(":" + slug, StringComparison.Ordinal))
            .Select(e => (DateTimeOffset?)DateTimeOffset.Parse(e.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture))
            .SingleOrDefault();

    private async Task<string[]> JsonFeedIdsAsync(string path) =>
        JsonDocument.Parse(await ReadAsync(path)).RootElement.GetProperty("items").EnumerateArray()
            .Select(item => item.GetProperty("id").GetString()!).ToArray();

    private async Task<XDocument> SitemapAsync(string path) => XDocument.Parse(await ReadAsync(path));

    private async Task<string[]> SitemapLocsAsync(string path) =>
        (await SitemapAsync(path)).Descendants(Sitemap + "loc").Select(loc => loc.Value).ToArray();

    private async Task<string> ChangeCursorAsync()
    {
        var cursor = "";
        while (true)
        {
            var page = await app.Client.GetFromJsonAsync<JsonElement>($"api/changes?limit=100&since={cursor}");
            var next = page.GetProperty("next").GetString()!;
            if (page.GetProperty("changes").GetArrayLength() == 0)
            {
                return next;
            }
            cursor = next;
        }
    }

    private async Task<List<(string Slug, string Change)>> ChangesAsync(string since)
    {
        var page = await app.Client.GetFromJsonAsync<JsonElement>($"api/changes?limit=100&since={since}");
        return page.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("slug").GetString()!, c.GetProperty("change").GetString()!)).ToList();
    }

    private async Task<int> TagCountAsync(string tag)
    {
        var tags = await app.Client.GetFromJsonAsync<JsonElement>("api/tags");
        return tags.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("name").GetString() == tag)
            .Select(item => item.GetProperty("count").GetInt32())
            .SingleOrDefault();
    }
}
