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
        var days = SampleDays();

        var urls = Parse(SitemapMonth.RenderPage(days, 1)!).Root!.Elements(Sitemap + "url").ToList();

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
    public void DayOf_UsesTheUtcDate()
    {
        var day = SitemapDay.DayOf(new DateTimeOffset(2025, 3, 1, 0, 30, 0, TimeSpan.FromHours(1)));

        Assert.Equal("2025-02-28", day);
        Assert.Equal("2025-02", new SitemapDay(day).Month);
    }

    [Fact]
    public void Upsert_UpdatedArticle_MovesItsLastmod()
    {
        var day = new SitemapDay("2025-02-28");
        var month = new SitemapMonth("2025-02");
        day.Upsert(new SitemapEntry("a", FeedSamples.UrlOf("a"), FeedSamples.Now.AddDays(-1)));
        month.Set(day);

        Assert.True(day.Upsert(new SitemapEntry("a", FeedSamples.UrlOf("a"), FeedSamples.Now)));
        Assert.False(day.Upsert(new SitemapEntry("a", FeedSamples.UrlOf("a"), FeedSamples.Now)));
        Assert.True(month.Set(day));

        Assert.Equal(FeedSamples.Now, Assert.Single(day.Entries).LastModified);
        Assert.Equal(FeedSamples.Now, day.LastModified);
        Assert.Equal(FeedSamples.Now, month.LastModified);
    }

    [Fact]
    public void RenderPage_MoreThan50000Urls_SplitsIntoPagesWithinTheLimit()
    {
        var month = new SitemapMonth("2025-02");
        var days = new[] { new SitemapDay("2025-02-01"), new SitemapDay("2025-02-02") };
        for (var i = 0; i < SitemapMonth.MaxUrls + 1; i++)
        {
            days[i % 2].Upsert(new SitemapEntry($"article-{i:D6}", FeedSamples.UrlOf($"article-{i:D6}"), FeedSamples.Now));
        }
        month.Set(days[0]);
        month.Set(days[1]);

        Assert.Equal(2, month.PageCount);
        Assert.Equal(50_000, Parse(SitemapMonth.RenderPage(days, 1)!).Root!.Elements(Sitemap + "url").Count());
        var last = Assert.Single(Parse(SitemapMonth.RenderPage(days, 2)!).Root!.Elements(Sitemap + "url"));
        Assert.Equal(FeedSamples.UrlOf("article-050000"), last.Element(Sitemap + "loc")!.Value);
        Assert.Null(SitemapMonth.RenderPage(days, 3));
        Assert.Equal("2025-02-2.xml", SitemapMonth.PageName("2025-02", 2));
    }

    [Fact]
    public void RenderPage_MonthWithoutArticles_IsOneEmptyPage()
    {
        Assert.Empty(Parse(SitemapMonth.RenderPage([], 1)!).Root!.Elements());
        Assert.Null(SitemapMonth.RenderPage([], 2));
    }

    [Fact]
    public void Index_ListsEveryPageOfEveryMonthWithItsNewestLastmod()
    {
        var index = new SitemapIndex();
        var march = MonthOf(new SitemapEntry("b", FeedSamples.UrlOf("b"), FeedSamples.Now));
        var february = SampleMonth();
        index.Set(march);
        index.Set(february);

        Assert.Equal(["2025-02", "2025-03"], index.Months);
        var sitemaps = Parse(SitemapIndex.Render(SitemapsUrl, [march, february])).Root!;
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
        var day = new SitemapDay(SitemapDay.DayOf(FeedSamples.Now));
        day.Upsert(new SitemapEntry("b", FeedSamples.UrlOf("b"), FeedSamples.Now));
        var month = new SitemapMonth(day.Month);
        month.Set(day);
        index.Set(month);

        day.Remove("b");

        Assert.True(month.Set(day));
        Assert.True(index.Set(month));
        Assert.Empty(index.Months);
        Assert.Empty(Parse(SitemapIndex.Render(SitemapsUrl, [month])).Root!.Elements());
        Assert.False(index.Set(month));
    }

    [Fact]
    public void Json_RoundTrip_KeepsDayMonthAndIndex()
    {
        var days = SampleDays();
        var month = SampleMonth();
        var index = new SitemapIndex();
        index.Set(month);

        Assert.All(days, day => Assert.Equal(day.Entries, SitemapDay.FromJson(day.ToJson()).Entries));
        Assert.Equal(month.Days, SitemapMonth.FromJson(month.ToJson()).Days);
        Assert.Equal(index.Months, SitemapIndex.FromJson(index.ToJson()).Months);
    }

    internal static XDocument Parse(byte[] xml) => XDocument.Load(new MemoryStream(xml));

    /// <summary>The sample articles (all of February 2025) by the day each was published.</summary>
    private static List<SitemapDay> SampleDays()
    {
        var days = new Dictionary<string, SitemapDay>();
        foreach (var article in FeedSamples.Articles)
        {
            var key = SitemapDay.DayOf(article.Published);
            if (!days.TryGetValue(key, out var day))
            {
                days[key] = day = new SitemapDay(key);
            }
            day.Upsert(new SitemapEntry(article.Slug, FeedSamples.UrlOf(article.Slug), article.Updated ?? article.Published));
        }
        return days.Values.ToList();
    }

    private static SitemapMonth SampleMonth()
    {
        var month = new SitemapMonth("2025-02");
        SampleDays().ForEach(day => month.Set(day));
        return month;
    }

    private static SitemapMonth MonthOf(SitemapEntry entry)
    {
        var day = new SitemapDay(SitemapDay.DayOf(entry.LastModified));
        day.Upsert(entry);
        var month = new SitemapMonth(day.Month);
        month.Set(day);
        return month;
    }

    // W3C Datetime, complete date plus time to seconds with a time zone designator.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex W3cDatetime();
}
