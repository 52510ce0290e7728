using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;

namespace BudapestPost.Core.Tests.Feeds;

public sealed class FeedSnapshotTests
{
    [Fact]
    public async Task BuildAsync_IsWhatPublishingEachArticleLeaves()
    {
        var articles = Enumerable.Range(0, 600).Select(i => new Article(
            $"article-{i:D3}", $"Title {i}", $"Lead {i}", FeedSamples.Now.AddHours(-7 * i), i % 5 == 0 ? FeedSamples.Now.AddHours(-i) : null,
            i % 2 == 0 ? ["nato", $"story-{i % 3}"] : [$"story-{i % 3}"], i % 3 == 0 ? "europe" : null,
            ArticleStatus.Published, true, "", $"hash-{i}")).ToList();
        var incremental = new FeedSnapshot();
        foreach (var article in articles.OrderBy(a => a.Slug.GetHashCode(StringComparison.Ordinal)))
        {
            Publish(incremental, article);
        }

        var loads = 0;
        var built = await FeedSnapshot.BuildAsync(articles, article => { loads++; return Task.FromResult<FeedArticle?>(EntryOf(article)); },
            FeedSamples.UrlOf, FeedSamples.Now);

        Assert.Equal(incremental.Feeds.Keys.OrderBy(s => s.Path), built.Feeds.Keys.OrderBy(s => s.Path));
        Assert.All(built.Feeds, feed =>
        {
            Assert.Equal(incremental.Feeds[feed.Key].Entries, feed.Value.Entries);
            Assert.Equal(incremental.Feeds[feed.Key].Truncated, feed.Value.Truncated);
        });
        Assert.All(built.Days, day => Assert.Equal(incremental.Days[day.Key].Entries, day.Value.Entries));
        Assert.Equal(incremental.Days.Keys.Order(), built.Days.Keys.Order());
        Assert.All(built.Months, month => Assert.Equal(incremental.Months[month.Key].Days, month.Value.Days));
        Assert.Equal(incremental.Index.Months, built.Index.Months);
        Assert.Equal(incremental.News.Entries, built.News.Entries);
        Assert.True(loads < articles.Count, $"loaded {loads} of {articles.Count} entries");
    }

    private static void Publish(FeedSnapshot state, Article article)
    {
        foreach (var scope in FeedPlacement.Of(article).Scopes)
        {
            if (!state.Feeds.TryGetValue(scope, out var list))
            {
                state.Feeds[scope] = list = new FeedEntryList<FeedArticle>();
            }
            list.Upsert(EntryOf(article), FeedSamples.Now);
        }
        var key = SitemapDay.DayOf(article.Published);
        if (!state.Days.TryGetValue(key, out var day))
        {
            state.Days[key] = day = new SitemapDay(key);
        }
        day.Upsert(new SitemapEntry(article.Slug, FeedSamples.UrlOf(article.Slug), article.Updated ?? article.Published));
        if (!state.Months.TryGetValue(day.Month, out var month))
        {
            state.Months[day.Month] = month = new SitemapMonth(day.Month);
        }
        month.Set(day);
        state.Index.Set(month);
        state.News.Upsert(new NewsEntry(article.Slug, FeedSamples.UrlOf(article.Slug), article.Title, article.Published), FeedSamples.Now);
    }

    private static FeedArticle EntryOf(Article article) => FeedArticle.Of(article);
}
