using System.Xml.Linq;
using BudapestPost.Core.Feeds;

namespace BudapestPost.Core.Tests.Feeds;

public sealed class NewsSitemapTests
{
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace News = "http://www.google.com/schemas/sitemap-news/0.9";
    private static readonly DateTimeOffset Now = FeedSamples.Now;

    [Fact]
    public void Render_RecentArticle_HasPublicationDateAndTitle()
    {
        var news = new NewsSitemap();
        news.Upsert(Entry("orban-meets-rutte", Now.AddHours(-5), "Orbán meets Rutte & allies"), Now);

        var url = Assert.Single(SitemapTests.Parse(news.Render("Budapest Post", "en")).Root!.Elements(Sitemap + "url"));

        Assert.Equal(FeedSamples.UrlOf("orban-meets-rutte"), url.Element(Sitemap + "loc")!.Value);
        var article = url.Element(News + "news")!;
        Assert.Equal("Budapest Post", article.Element(News + "publication")!.Element(News + "name")!.Value);
        Assert.Equal("en", article.Element(News + "publication")!.Element(News + "language")!.Value);
        Assert.Equal("2025-03-01T07:00:00+00:00", article.Element(News + "publication_date")!.Value);
        Assert.Equal("Orbán meets Rutte & allies", article.Element(News + "title")!.Value);
    }

    [Fact]
    public void Upsert_ArticleOlderThanTwoDays_StaysOut()
    {
        var news = new NewsSitemap();

        var oldChanged = news.Upsert(Entry("old", Now.AddDays(-2).AddSeconds(-1)), Now);
        var recentChanged = news.Upsert(Entry("recent", Now.AddDays(-2).AddSeconds(1)), Now);

        Assert.False(oldChanged);
        Assert.True(recentChanged);
        Assert.Equal(["recent"], news.Entries.Select(e => e.Slug));
    }

    [Fact]
    public void Prune_AsTimePasses_DropsWhatLeftTheWindow()
    {
        var news = new NewsSitemap();
        news.Upsert(Entry("a", Now.AddHours(-47)), Now);
        news.Upsert(Entry("b", Now.AddHours(-1)), Now);

        Assert.False(news.Prune(Now.AddMinutes(30)));
        Assert.True(news.Prune(Now.AddHours(2)));

        Assert.Equal(["b"], news.Entries.Select(e => e.Slug));
    }

    [Fact]
    public void Upsert_MoreThanAThousandRecent_KeepsTheNewestThousand()
    {
        var news = new NewsSitemap();
        for (var i = 0; i < 1_005; i++)
        {
            news.Upsert(Entry($"a-{i:D4}", Now.AddMinutes(-i)), Now);
        }

        var urls = SitemapTests.Parse(news.Render("Budapest Post", "en")).Root!.Elements(Sitemap + "url").ToList();

        Assert.Equal(NewsSitemap.MaxUrls, urls.Count);
        Assert.Equal(FeedSamples.UrlOf("a-0000"), urls[0].Element(Sitemap + "loc")!.Value);
        Assert.Equal(FeedSamples.UrlOf("a-0999"), urls[^1].Element(Sitemap + "loc")!.Value);
    }

    [Fact]
    public void Remove_RetractedArticle_LeavesTheSitemap()
    {
        var news = new NewsSitemap();
        news.Upsert(Entry("a", Now.AddHours(-1)), Now);

        Assert.True(news.Remove("a", Now));
        Assert.False(news.Remove("a", Now));
        Assert.Empty(SitemapTests.Parse(news.Render("Budapest Post", "en")).Root!.Elements());
    }

    [Fact]
    public void Json_RoundTrip_KeepsEntries()
    {
        var news = new NewsSitemap();
        news.Upsert(Entry("a", Now.AddHours(-1)), Now);

        Assert.Equal(news.Entries, NewsSitemap.FromJson(news.ToJson()).Entries);
    }

    private static NewsEntry Entry(string slug, DateTimeOffset published, string? title = null) =>
        new(slug, FeedSamples.UrlOf(slug), title ?? "Title of " + slug, published);
}
