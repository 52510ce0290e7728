using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;
using BudapestPost.Testing;

namespace BudapestPost.Benchmarks.Feeds;

/// <summary>
/// A corpus published at a steady 40 articles a day up to <see cref="End"/>: a bigger corpus is a
/// longer archive, as a news site's grows, so the newest month holds as many articles at 1k as at
/// 50k. Content and tags come from <see cref="SyntheticArticles"/>.
/// </summary>
internal sealed class FeedCorpus(int count)
{
    public static readonly DateTimeOffset End = new(2025, 2, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(36);

    private readonly SyntheticArticles _generator = new(count, bodyWords: 300);

    public int Count => count;

    /// <summary>Article <paramref name="number"/>: 0 is the newest of the corpus; negative numbers are newer, fresh articles.</summary>
    public Article Article(int number) =>
        _generator.Article(number + count) with { Slug = $"article-{number + count:D6}", Published = End - Interval * number };

    public IEnumerable<Article> Articles() => Enumerable.Range(0, count).Select(Article);

    public static string UrlOf(string slug) => "https://budapestpost.example/articles/" + slug;

    /// <summary>The feed states <paramref name="count"/> publishes leave behind: the newest 50 of each feed, every sitemap month, the index and the news sitemap.</summary>
    public (Dictionary<string, byte[]> States, int Feeds, int Months) States()
    {
        var articles = Articles().ToList();
        var states = new Dictionary<string, byte[]>();
        var feeds = articles
            .SelectMany(a => FeedScope.Of(a.Tags, a.Section).Select(scope => (scope, a)))
            .GroupBy(p => p.scope, p => p.a);
        var feedCount = 0;
        foreach (var feed in feeds)
        {
            var list = new FeedEntryList();
            foreach (var article in feed.OrderByDescending(a => a.Published).Take(FeedEntryList.Capacity + 1))
            {
                list.Upsert(FeedEntry.From(article, ArticleRenderer.Render(article.Body), UrlOf(article.Slug)), End);
            }
            states[feed.Key.Path + "entries.json"] = list.ToJson();
            feedCount++;
        }

        var index = new SitemapIndex();
        var months = articles.GroupBy(a => SitemapMonth.MonthOf(a.Published));
        foreach (var group in months)
        {
            var month = new SitemapMonth(group.Key);
            foreach (var article in group)
            {
                month.Upsert(new SitemapEntry(article.Slug, UrlOf(article.Slug), article.Published));
            }
            index.Set(month);
            states[$"sitemaps/state/{group.Key}.json"] = month.ToJson();
        }
        states["sitemaps/state/index.json"] = index.ToJson();

        var news = new NewsSitemap();
        foreach (var article in articles.Where(a => NewsSitemap.IsRecent(a.Published, End)))
        {
            news.Upsert(new NewsEntry(article.Slug, UrlOf(article.Slug), article.Title, article.Published), End);
        }
        states["sitemaps/state/news.json"] = news.ToJson();
        return (states, feedCount, index.Months.Count);
    }
}
