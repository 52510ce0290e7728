using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace BudapestPost.EndToEndTests.Site;

/// <summary>
/// Every link the app emits resolves: from the sitemaps, the feeds (the site's, each tag's and section's, the
/// corrections'), the articles' canonicalUrl, the newsletter's confirmation email and the website's own pages, each
/// address answers 200 (a retracted article's, 410 with its corrections), and each #correction-… anchor is on its page.
/// </summary>
[Collection(SiteAppCollection.Name)]
public sealed partial class LinkCrawlTests(SiteAppFixture site)
{
    private const int MaxPagesCrawled = 400;

    private readonly HttpClient _client = new(new HttpClientHandler { AllowAutoRedirect = false });

    [Fact]
    public async Task EveryLinkFromTheSitemapsFeedsArticlesAndCorrectionsFeed_Resolves()
    {
        var links = new HashSet<string>(StringComparer.Ordinal);
        var sitemapIndex = await GetXmlAsync(site.BaseUrl + "/api/sitemaps/index.xml");
        foreach (var sitemap in Locations(sitemapIndex).Append(site.BaseUrl + "/api/sitemaps/news.xml"))
        {
            links.Add(sitemap);
            links.UnionWith(Locations(await GetXmlAsync(sitemap)));
        }
        foreach (var folder in await FeedFoldersAsync())
        {
            links.UnionWith(FeedLinks(await GetXmlAsync($"{site.BaseUrl}/api/{folder}rss.xml")));
            links.UnionWith(FeedLinks(await GetXmlAsync($"{site.BaseUrl}/api/{folder}atom.xml")));
            links.UnionWith(JsonFeedLinks(await _client.GetFromJsonAsync<JsonElement>($"{site.BaseUrl}/api/{folder}feed.json")));
        }
        links.UnionWith(await CanonicalUrlsAsync());

        var failures = await CheckAsync(links);

        Assert.True(links.Count > 60, $"only {links.Count} links");
        Assert.Contains($"{site.BaseUrl}/articles/{SiteAppFixture.SeedSlug}", links);
        Assert.Contains(links, link => link.EndsWith("#" + site.CorrectionAnchor, StringComparison.Ordinal));
        Assert.Contains(links, link => link.Contains($"/articles/{SiteAppFixture.RetractedSlug}#correction-", StringComparison.Ordinal));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task EveryLinkInTheConfirmationEmail_Resolves()
    {
        var address = $"crawl-{Guid.NewGuid():N}@example.hu";
        var signedUp = await _client.PostAsync(site.BaseUrl + "/newsletter", new FormUrlEncodedContent([new("email", address)]));
        Assert.Equal(HttpStatusCode.SeeOther, signedUp.StatusCode);
        var email = (await site.Mail.WaitForMailToAsync(address)).Single();

        var links = Href().Matches(email.Html).Select(match => WebUtility.HtmlDecode(match.Groups[1].Value))
            .Concat(Url().Matches(email.Text).Select(match => match.Value))
            .ToHashSet(StringComparer.Ordinal);
        var oneClick = email.Message.Headers["List-Unsubscribe"]!.Trim('<', '>');
        var unsubscribed = await _client.PostAsync(oneClick, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        var failures = await CheckAsync(links);

        Assert.Contains(links, link => link.StartsWith(site.BaseUrl + "/newsletter/confirm?token=", StringComparison.Ordinal));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The one-click link is posted, as RFC 8058 says, and answers the documented 303 to a page that resolves.
        Assert.Equal(HttpStatusCode.SeeOther, unsubscribed.StatusCode);
        Assert.Empty(await CheckAsync([unsubscribed.Headers.Location!.ToString()]));
    }

    [Fact]
    public async Task EveryLinkOnTheWebsitesPages_Resolves()
    {
        var queue = new Queue<string>([site.BaseUrl + "/"]);
        var seen = new HashSet<string>(queue, StringComparer.Ordinal);
        var failures = new List<string>();
        var crawled = 0;
        while (queue.TryDequeue(out var url) && crawled++ < MaxPagesCrawled)
        {
            var response = await _client.GetAsync(url);
            if (response.StatusCode != Expected(new Uri(url)))
            {
                failures.Add($"{(int)response.StatusCode} {url}");
                continue;
            }
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            var html = await response.Content.ReadAsStringAsync();
            foreach (var link in Href().Matches(html).Concat(Src().Matches(html)).Select(match => WebUtility.HtmlDecode(match.Groups[1].Value)))
            {
                var absolute = new Uri(new Uri(url), link);
                if (absolute.GetLeftPart(UriPartial.Authority) != site.BaseUrl)
                {
                    failures.Add($"a link off the site: {absolute} on {url}");
                    continue;
                }
                var target = absolute.GetLeftPart(UriPartial.Query);
                if (absolute.Fragment.Length > 1 && !html.Contains($"id=\"{absolute.Fragment[1..]}\"", StringComparison.Ordinal) && target == url)
                {
                    failures.Add($"no {absolute.Fragment} on {url}");
                }
                if (seen.Add(target))
                {
                    queue.Enqueue(target);
                }
            }
        }

        Assert.True(crawled > 60, $"only {crawled} addresses crawled");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // Each address once: 200, or 410 for the retracted article; a #fragment must name an element of the page.
    private async Task<List<string>> CheckAsync(IEnumerable<string> links)
    {
        var failures = new List<string>();
        var pages = new Dictionary<string, (HttpStatusCode Status, string Body)>(StringComparer.Ordinal);
        foreach (var link in links)
        {
            var uri = new Uri(link);
            var address = uri.GetLeftPart(UriPartial.Query);
            if (!pages.TryGetValue(address, out var page))
            {
                var response = await _client.GetAsync(address);
                page = pages[address] = (response.StatusCode, await response.Content.ReadAsStringAsync());
            }
            if (page.Status != Expected(uri))
            {
                failures.Add($"{(int)page.Status} {link}");
            }
            else if (uri.Fragment.Length > 1 && !page.Body.Contains($"id=\"{uri.Fragment[1..]}\"", StringComparison.Ordinal))
            {
                failures.Add($"no element {uri.Fragment} on {address}");
            }
        }
        return failures;
    }

    // The corrections log keeps a retracted article's corrections, and links to its page: the retraction notice, 410.
    private static HttpStatusCode Expected(Uri uri) =>
        uri.AbsolutePath == $"/articles/{SiteAppFixture.RetractedSlug}" ? HttpStatusCode.Gone : HttpStatusCode.OK;

    private async Task<IEnumerable<string>> FeedFoldersAsync()
    {
        var tags = await _client.GetFromJsonAsync<JsonElement>(site.BaseUrl + "/api/tags");
        var sections = await _client.GetFromJsonAsync<JsonElement>(site.BaseUrl + "/api/sections");
        return new[] { "feeds/", "feeds/corrections/" }
            .Concat(tags.GetProperty("items").EnumerateArray().Select(tag => $"feeds/tags/{tag.GetProperty("name").GetString()}/"))
            .Concat(sections.GetProperty("items").EnumerateArray().Select(section => $"feeds/sections/{section.GetProperty("name").GetString()}/"));
    }

    private async Task<IEnumerable<string>> CanonicalUrlsAsync()
    {
        var listing = await _client.GetFromJsonAsync<JsonElement>(site.BaseUrl + "/api/articles?limit=100");
        var urls = new List<string>();
        foreach (var item in listing.GetProperty("items").EnumerateArray())
        {
            var article = await _client.GetFromJsonAsync<JsonElement>($"{site.BaseUrl}/api/articles/{item.GetProperty("slug").GetString()}");
            urls.Add(article.GetProperty("canonicalUrl").GetString()!);
        }
        Assert.Null(listing.GetProperty("continuation").GetString());
        return urls;
    }

    private async Task<XDocument> GetXmlAsync(string url)
    {
        var response = await _client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {url}");
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<string> Locations(XDocument sitemap) =>
        sitemap.Descendants().Where(element => element.Name.LocalName == "loc").Select(element => element.Value.Trim());

    // RSS <link>text</link> and Atom/atom:link href="…" (self links and entries' alternates).
    private static IEnumerable<string> FeedLinks(XDocument feed) =>
        feed.Descendants().Where(element => element.Name.LocalName == "link")
            .Select(element => (string?)element.Attribute("href") ?? element.Value.Trim())
            .Where(link => link.Length > 0);

    private static IEnumerable<string> JsonFeedLinks(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property =>
            property.Name is "url" or "home_page_url" or "feed_url" && property.Value.ValueKind == JsonValueKind.String
                ? [property.Value.GetString()!]
                : JsonFeedLinks(property.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(JsonFeedLinks),
        _ => [],
    };

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();

    [GeneratedRegex("src=\"([^\"]+)\"")]
    private static partial Regex Src();

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Url();
}
