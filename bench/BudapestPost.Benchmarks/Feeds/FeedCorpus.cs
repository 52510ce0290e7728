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
    public async Task<(Dictionary<string, byte[]> States, int Feeds, int Months)> StatesAsync()
    {
        var snapshot = await FeedSnapshot.BuildAsync(Articles().ToList(),
            article => Task.FromResult(FeedArticle.Of(article)),
            UrlOf, End);
        var states = snapshot.Feeds.ToDictionary(feed => feed.Key.Path + "entries.json", feed => feed.Value.ToJson());
        foreach (var month in snapshot.Months.Values)
        {
            states[$"sitemaps/state/{month.Month}.json"] = month.ToJson();
        }
        states["sitemaps/state/index.json"] = snapshot.Index.ToJson();
        states["sitemaps/state/news.json"] = snapshot.News.ToJson();
        return (states, snapshot.Feeds.Count, snapshot.Months.Count);
    }
}
