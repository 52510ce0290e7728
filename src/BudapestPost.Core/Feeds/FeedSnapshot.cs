using BudapestPost.Core.Articles;

namespace BudapestPost.Core.Feeds;

/// <summary>
/// Every feed and sitemap state for a set of published articles, built at once: what publishing
/// each of them would have left. Only the entries each feed keeps are loaded.
/// </summary>
public sealed class FeedSnapshot
{
    public Dictionary<FeedScope, FeedEntryList<FeedArticle>> Feeds { get; } = [];

    public Dictionary<string, SitemapDay> Days { get; } = [];

    public Dictionary<string, SitemapMonth> Months { get; } = [];

    public SitemapIndex Index { get; } = new();

    public NewsSitemap News { get; } = new();

    /// <param name="published">The published articles; bodies are not needed.</param>
    /// <param name="entryOf">
    /// Loads the feed entry of an article (from its published version), or null when it cannot be shown (its version is
    /// missing): the article is then left out of its feeds. Called once per article that a feed keeps.
    /// </param>
    /// <param name="urlOf">The canonical URL of a slug.</param>
    public static async Task<FeedSnapshot> BuildAsync(
        IReadOnlyCollection<Article> published, Func<Article, Task<FeedArticle?>> entryOf, Func<string, string> urlOf, DateTimeOffset now)
    {
        var snapshot = new FeedSnapshot();
        var loaded = new Dictionary<string, FeedArticle?>();
        var scopes = published.SelectMany(a => FeedScope.Of(a.Tags, a.Section).Select(scope => (Scope: scope, Article: a))).GroupBy(p => p.Scope, p => p.Article);
        foreach (var scope in scopes)
        {
            var list = new FeedEntryList<FeedArticle>();
            // Newest first until one more than the feed keeps, so the list knows it is truncated.
            foreach (var article in scope.OrderByDescending(a => a.Published).ThenBy(a => a.Slug, StringComparer.Ordinal))
            {
                if (!loaded.TryGetValue(article.Slug, out var entry))
                {
                    loaded[article.Slug] = entry = await entryOf(article);
                }
                if (entry is not null)
                {
                    list.Upsert(entry, now);
                }
                if (list.Truncated)
                {
                    break;
                }
            }
            snapshot.Feeds[scope.Key] = list;
        }

        foreach (var article in published)
        {
            var key = SitemapDay.DayOf(article.Published);
            if (!snapshot.Days.TryGetValue(key, out var day))
            {
                snapshot.Days[key] = day = new SitemapDay(key);
            }
            day.Upsert(new SitemapEntry(article.Slug, urlOf(article.Slug), article.Updated ?? article.Published));
            snapshot.News.Upsert(new NewsEntry(article.Slug, urlOf(article.Slug), article.Title, article.Published), now);
        }
        foreach (var day in snapshot.Days.Values)
        {
            if (!snapshot.Months.TryGetValue(day.Month, out var month))
            {
                snapshot.Months[day.Month] = month = new SitemapMonth(day.Month);
            }
            month.Set(day);
        }
        foreach (var month in snapshot.Months.Values)
        {
            snapshot.Index.Set(month);
        }
        return snapshot;
    }
}
