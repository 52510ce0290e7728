using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Feeds;
using BudapestPost.Testing;

namespace BudapestPost.Benchmarks.Feeds;

/// <summary>
/// A corpus published at a steady 100 articles a day, a busy news site's pace, up to <see cref="End"/>:
/// a bigger corpus is a longer archive, as a news site's grows. The newest month (January 2025, which
/// the fresh articles of a run join too) holds the last 10 days' 1,000 articles at 1k and its whole
/// 30 days' 3,000 at 50k. Content and tags come from <see cref="SyntheticArticles"/>.
/// </summary>
internal sealed class FeedCorpus(int count)
{
    public static readonly DateTimeOffset End = new(2025, 1, 31, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromDays(1) / 100;

    private readonly SyntheticArticles _generator = new(count, bodyWords: 300);

    public int Count => count;

    /// <summary>Article <paramref name="number"/>: 0 is the newest of the corpus; negative numbers are newer, fresh articles.</summary>
    public Article Article(int number) =>
        _generator.Article(number + count) with { Slug = $"article-{number + count:D6}", Published = End - Interval * number };

    public IEnumerable<Article> Articles() => Enumerable.Range(0, count).Select(Article);

    public static string UrlOf(string slug) => "https://budapestpost.example/articles/" + slug;

    /// <summary>The feed states <paramref name="count"/> publishes leave behind: the newest 50 of each feed, every sitemap day and month, the index and the news sitemap.</summary>
    public async Task<(IReadOnlyList<StoredFile> States, int Feeds, int Months)> StatesAsync()
    {
        var snapshot = await FeedSnapshot.BuildAsync(Articles().ToList(),
            article => Task.FromResult<FeedArticle?>(FeedArticle.Of(article)),
            UrlOf, End);
        return (FeedRebuilder.StateFiles(snapshot).ToList(), snapshot.Feeds.Count, snapshot.Months.Count);
    }
}
