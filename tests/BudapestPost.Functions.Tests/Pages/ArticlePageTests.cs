using System.Text;
using System.Text.Json;
using Azure.Core.Serialization;
using System.Text.RegularExpressions;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Pages;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Pages;

/// <summary>The article page against real storage: what it shows, what it costs once cached, and how it answers retractions.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ArticlePageTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider _time = new(PagesTestApp.Start);

    [Fact]
    public async Task ArticlePage_ShowsTheSeedPagesParts()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);
        await app.PublishAsync("courting", new ArticleFileBuilder().WithTitle("'Not An Enemy' Any More").WithLead("Moscow looks to the region.")
            .WithSection("world").WithTags("russia", "central-asia")
            .WithBody("Russia is staying put.\n\n## Sovereignty vs security\n\nThe aim of these talks.\n"));

        var page = await app.ArticleAsync("courting");

        Assert.Equal(200, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("<h1>&#x27;Not An Enemy&#x27; Any More</h1>", page.Body);
        Assert.Contains("<p class=\"lead\">Moscow looks to the region.</p>", page.Body);
        Assert.Matches("<h2[^>]*>Sovereignty vs security</h2>", page.Body);
        Assert.Contains("Cum Deo pro Patria et Libertate", page.Body);
        Assert.Contains("Budapest, Europe and world news", page.Body);
        Assert.Contains("AI Disclaimer", page.Body);
        Assert.Contains("<form method=\"post\" action=\"/articles/courting/report\"", page.Body);
        Assert.Contains("id=\"newsletter-heading\">Newsletter</h2>", page.Body);
        Assert.Contains("id=\"related-heading\">Related Articles</h2>", page.Body);
        Assert.Contains("<link rel=\"canonical\" href=\"https://budapestpost.test/articles/courting\">", page.Body);
        Assert.Contains("<meta property=\"og:type\" content=\"article\">", page.Body);
        Assert.Contains("<meta name=\"twitter:card\" content=\"summary\">", page.Body);
        Assert.Contains("href=\"https://budapestpost.test/api/feeds/sections/world/rss.xml\"", page.Body);
        Assert.DoesNotContain("<audio", page.Body);
        var jsonLd = JsonDocument.Parse(JsonLd().Match(page.Body).Groups[1].Value).RootElement;
        Assert.Equal("NewsArticle", jsonLd.GetProperty("@type").GetString());
        Assert.Equal("'Not An Enemy' Any More", jsonLd.GetProperty("headline").GetString());
        Assert.True(jsonLd.GetProperty("isAccessibleForFree").GetBoolean());
        Assert.Equal("Budapest Post", jsonLd.GetProperty("publisher").GetProperty("name").GetString());
        Assert.StartsWith("2025-", jsonLd.GetProperty("datePublished").GetString());
        Assert.StartsWith("2025-", jsonLd.GetProperty("dateModified").GetString());
    }

    [Fact]
    public async Task ArticlePage_NotAiGenerated_HasNoAiNoticeButTheReportForm()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);
        await app.PublishAsync("by-hand", new ArticleFileBuilder().WithAiGenerated("false"));

        var page = await app.ArticleAsync("by-hand");

        Assert.DoesNotContain("AI Disclaimer", page.Body);
        Assert.Contains("action=\"/articles/by-hand/report\"", page.Body);
    }

    [Fact]
    public async Task RelatedArticles_AreTheRelatedListFirst_FilledWithTheNewestToFifty()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);
        for (var i = 0; i < 55; i++)
        {
            await app.PublishAsync($"story-{i:D2}", new ArticleFileBuilder().WithTitle($"Story {i:D2}")
                .WithPublished($"2025-02-{1 + i / 3:D2}T{10 + i % 3:D2}:00:00+00:00"));
        }
        var related = new RelatedListDocument("story-54", PagesTestApp.Start,
        [
            new RelatedArticle("story-03", "Story 03", "Lead.", PagesTestApp.Start, "/api/articles/story-03", 0.9),
            new RelatedArticle("story-07", "Story 07", "Lead.", PagesTestApp.Start, "/api/articles/story-07", 0.8),
        ]);
        await app.Container(app.Names.IndexesContainer).GetBlobClient(RelatedIndexBlobs.RelatedBlobName("story-54"))
            .UploadAsync(BinaryData.FromObjectAsJson(related, new JsonSerializerOptions(JsonSerializerDefaults.Web)), overwrite: true);

        var page = await app.ArticleAsync("story-54");

        var headlines = Headline().Matches(page.Body[page.Body.IndexOf("Related Articles", StringComparison.Ordinal)..])
            .Select(match => match.Groups[1].Value).ToList();
        Assert.Equal(ArticlePages.Headlines, headlines.Count);
        Assert.Equal(["story-03", "story-07", "story-53", "story-52"], headlines.Take(4));
        Assert.DoesNotContain("story-54", headlines);
        Assert.Equal(headlines.Count, headlines.Distinct().Count());
    }

    [Fact]
    public async Task ArticlePage_Cached_CostsStorageNothing_AndAnswers304FromMemory()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);
        await app.PublishAsync("viral", new ArticleFileBuilder().WithSection("europe"));
        var first = await app.ArticleAsync("viral");
        var before = app.StorageRequests();

        var reads = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.ArticleAsync("viral")));
        var notModified = await app.ArticleAsync("viral", ("If-None-Match", first.Headers.ETag.ToString()));

        Assert.Equal(0, app.StorageRequests() - before);
        Assert.All(reads, read => Assert.Equal((200, first.Headers.ETag.ToString(), first.Body), (read.Status, read.Headers.ETag.ToString(), read.Body)));
        Assert.Equal(304, notModified.Status);
        foreach (var response in new[] { first, notModified })
        {
            Assert.Equal("public, max-age=5, s-maxage=5, stale-while-revalidate=5", response.Headers.CacheControl.ToString());
            Assert.Equal("Accept-Encoding", response.Headers.Vary.ToString());
            Assert.Equal(PageResult.ContentSecurityPolicy, response.Headers.ContentSecurityPolicy.ToString());
        }
        Assert.Matches("^\"[0-9a-f]{32}\"$", first.Headers.ETag.ToString());
    }

    [Fact]
    public async Task ArticlePage_ReturnValue_CarriesNoPageToTheHost()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);
        await app.PublishAsync("viral", new ArticleFileBuilder().WithSection("europe"));
        var page = await app.ArticleAsync("viral");
        IActionResult? returned = null;

        await app.PageAsync("GET", "/articles/viral", async exchange =>
            returned = await app.Create<ArticlePageHttp>().GetArticlePage(exchange.Request, "viral", default));

        // The worker serializes a function's return value into its invocation response to the host, as this does.
        var sent = new JsonObjectSerializer().Serialize(returned!).ToArray();
        Assert.True(page.Body.Length > 5_000, $"{page.Body.Length} characters");
        Assert.True(sent.Length < 100, $"{sent.Length} bytes: {Encoding.UTF8.GetString(sent.AsSpan(0, Math.Min(200, sent.Length)))}");
    }

    [Fact]
    public async Task ArticlePage_Update_ShowsOnceFreshForHasPassed_WithANewETag()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);
        await app.PublishAsync("story", new ArticleFileBuilder().WithTitle("First title"));
        var first = await app.ArticleAsync("story");

        await app.PublishAsync("story", new ArticleFileBuilder().WithTitle("Second title"));
        var withinBound = await app.ArticleAsync("story");
        _time.Advance(PagesTestApp.FreshFor);
        var afterBound = await app.ArticleAsync("story", ("If-None-Match", first.Headers.ETag.ToString()));

        Assert.Contains("First title", withinBound.Body);
        Assert.Equal(200, afterBound.Status);
        Assert.Contains("Second title", afterBound.Body);
        Assert.NotEqual(first.Headers.ETag.ToString(), afterBound.Headers.ETag.ToString());
    }

    [Theory]
    [InlineData("br", "br", "-br\"")]
    [InlineData("gzip, deflate", "gzip", "-gz\"")]
    [InlineData("gzip;q=0, identity", "", "\"")]
    public async Task ArticlePage_IsCompressedAsTheClientAccepts_EachEncodingWithItsOwnETag(string accept, string encoding, string etagEnd)
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);
        await app.PublishAsync("packed", new ArticleFileBuilder());

        var page = await app.ArticleAsync("packed", ("Accept-Encoding", accept));

        Assert.Equal(encoding, page.Headers.ContentEncoding.ToString());
        Assert.EndsWith(etagEnd, page.Headers.ETag.ToString());
    }

    [Fact]
    public async Task ArticlePage_Retracted_Is410SayingSo_WithItsCorrections()
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);
        var corrections = new[] { ("2025-02-16T10:00:00+01:00", "An earlier version named the wrong minister.") };
        await app.PublishAsync("takedown", new ArticleFileBuilder().WithTitle("The story").WithCorrections(corrections));
        await app.PublishAsync("takedown", new ArticleFileBuilder().WithTitle("The story").WithCorrections(corrections).WithStatus("retracted"));

        var page = await app.ArticleAsync("takedown");

        Assert.Equal(410, page.Status);
        Assert.Contains("This article was retracted", page.Body);
        Assert.Contains("<li id=\"correction-20250216T090000Z\">", page.Body);
        Assert.Contains("An earlier version named the wrong minister.", page.Body);
        Assert.Equal("no-store", page.Headers.CacheControl.ToString());
    }

    [Theory]
    [InlineData("never-published")]
    [InlineData("Not_A_Slug")]
    public async Task ArticlePage_Missing_Is404Page(string slug)
    {
        await using var app = await PagesTestApp.StartAsync(azurite, _time);

        var page = await app.ArticleAsync(slug);

        Assert.Equal(404, page.Status);
        Assert.Equal("text/html", page.MediaType);
        Assert.Contains("Page not found", page.Body);
        Assert.Contains("<meta name=\"robots\" content=\"noindex\">", page.Body);
    }

    // The encoder writes the "+" of the type as a character reference, as it does every "+" in attribute values.
    [GeneratedRegex("<script type=\"application/ld(?:\\+|&#x2B;)json\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex JsonLd();

    [GeneratedRegex("<li><a href=\"/articles/([a-z0-9-]+)\">")]
    private static partial Regex Headline();
}
