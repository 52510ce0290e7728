using System.Text.RegularExpressions;
using System.Xml.Linq;
using BudapestPost.Core.Feeds;

namespace BudapestPost.Core.Tests.Feeds;

public sealed partial class SitemapTests
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private const string SitemapsUrl = "http://127.0.0.1:7071/api/sitemaps/";

    [Fact]
    public void RenderPage_SampleMonth_ListsEveryArticleWithW3cLastmod()
    {
        var month = SampleMonth();

        var urls = Parse(month.RenderPage(1)).Root!.Elements(Sitemap + "url").ToList();

        Assert.Equal(FeedSamples.Articles.Count, urls.Count);
        Assert.All(urls, url =>
        {
            var loc = url.Element(Sitemap + "loc")!.Value;
            var lastmod = url.Element(Sitemap + "lastmod")!.Value;
            Assert.True(Uri.TryCreate(loc, UriKind.Absolute, out _));
            Assert.Matches(W3cDatetime(), lastmod);
            var article = FeedSamples.Articles.Single(a => FeedSamples.UrlOf(a.Slug) == loc);
            Assert.Equal(article.Updated ?? article.Published, DateTimeOffset.Parse(lastmod, System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public void MonthOf_UsesTheUtcDate()
    {
        Assert.Equal("2025-02", SitemapMonth.MonthOf(new DateTimeOffset(2025, 3, 1, 0, 30, 0, TimeSpan.FromHours(1))));
    }

    [Fact]
    public void Upsert_UpdatedArticle_MovesItsLastmod()
    {
        var month = new SitemapMonth("2025-02");
        month.Upsert(new SitemapEntry("a", FeedSamples.UrlOf("a"), FeedSamples.Now.AddDays(-1)));

        Assert.True(month.Upsert(new SitemapEntry("a", FeedSamples.UrlOf("a"), FeedSamples.Now)));
        Assert.False(month.Upsert(new SitemapEntry("a", FeedSamples.UrlOf("a"), FeedSamples.Now)));

        Assert.Equal(FeedSamples.Now, Assert.Single(month.Entries).LastModified);
        Assert.Equal(FeedSamples.Now, month.LastModified);
    }

    [Fact]
    public void RenderPage_MoreThan50000Urls_SplitsIntoPagesWithinTheLimit()
    {
        var month = new SitemapMonth("2025-02");
        for (var i = 0; i < SitemapMonth.MaxUrls + 1; i++)
        {
            month.Upsert(new SitemapEntry($"article-{i:D6}", FeedSamples.UrlOf($"article-{i:D6}"), FeedSamples.Now));
        }

        Assert.Equal(2, month.PageCount);
        Assert.Equal(50_000, Parse(month.RenderPage(1)).Root!.Elements(Sitemap + "url").Count());
        var last = Assert.Single(Parse(month.RenderPage(2)).Root!.Elements(Sitemap + "url"));
        Assert.Equal(FeedSamples.UrlOf("article-050000"), last.Element(Sitemap + "loc")!.Value);
        Assert.Equal("2025-02-2.xml", SitemapMonth.PageName("2025-02", 2));
    }

    [Fact]
    public void Index_ListsEveryPageOfEveryMonthWithItsNewestLastmod()
    {
        var index = new SitemapIndex();
        var march = new SitemapMonth("2025-03");
        march.Upsert(new SitemapEntry("b", FeedSamples.UrlOf("b"), FeedSamples.Now));
        index.Set(march);
        index.Set(SampleMonth());

        var sitemaps = Parse(index.Render(SitemapsUrl)).Root!;
        var newestOfFebruary = FeedFormats.Rfc3339(FeedSamples.Articles.Max(a => a.Updated ?? a.Published));

        Assert.Equal("sitemapindex", sitemaps.Name.LocalName);
        Assert.Equal(Sitemap, sitemaps.Name.Namespace);
        var lines = sitemaps.Elements(Sitemap + "sitemap")
            .Select(s => (s.Element(Sitemap + "loc")!.Value, s.Element(Sitemap + "lastmod")!.Value)).ToList();
        Assert.Equal(
            [(SitemapsUrl + "2025-02.xml", newestOfFebruary), (SitemapsUrl + "2025-03.xml", "2025-03-01T12:00:00+00:00")],
            lines);
    }

    [Fact]
    public void Index_MonthEmptied_LeavesTheIndex()
    {
        var index = new SitemapIndex();
        var month = new SitemapMonth("2025-03");
        month.Upsert(new SitemapEntry("b", FeedSamples.UrlOf("b"), FeedSamples.Now));
        index.Set(month);

        month.Remove("b");

        Assert.True(index.Set(month));
        Assert.Empty(index.Months);
        Assert.Empty(Parse(index.Render(SitemapsUrl)).Root!.Elements());
        Assert.False(index.Set(month));
    }

    [Fact]
    public void Json_RoundTrip_KeepsMonthAndIndex()
    {
        var month = SampleMonth();
        var index = new SitemapIndex();
        index.Set(month);

        Assert.Equal(month.Entries, SitemapMonth.FromJson(month.ToJson()).Entries);
        Assert.Equal(index.Months, SitemapIndex.FromJson(index.ToJson()).Months);
    }

    internal static XDocument Parse(byte[] xml) => XDocument.Load(new MemoryStream(xml));

    private static SitemapMonth SampleMonth()
    {
        var month = new SitemapMonth("2025-02");
        foreach (var article in FeedSamples.Articles)
        {
            month.Upsert(new SitemapEntry(article.Slug, FeedSamples.UrlOf(article.Slug), article.Updated ?? article.Published));
        }
        return month;
    }

    // W3C Datetime, complete date plus time to seconds with a time zone designator.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex W3cDatetime();
}
