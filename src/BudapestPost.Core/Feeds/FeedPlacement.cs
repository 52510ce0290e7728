using BudapestPost.Core.Articles;

namespace BudapestPost.Core.Feeds;

/// <summary>
/// Where one article appears: its feeds and its sitemap day (both empty unless published).
/// The placement after the last publish is kept, so the next one knows what it must take the
/// article out of, whatever the catalog says by then.
/// </summary>
public sealed record FeedPlacement(IReadOnlyList<FeedScope> Scopes, string? Day)
{
    public static readonly FeedPlacement Nowhere = new([], null);

    public static FeedPlacement Of(Article article) =>
        article.Status != ArticleStatus.Published
            ? Nowhere
            : new FeedPlacement(FeedScope.Of(article.Tags, article.Section), SitemapDay.DayOf(article.Published));

    /// <summary>The feeds to rewrite when moving from <paramref name="before"/> to this placement: the union, each once.</summary>
    public IReadOnlyList<FeedScope> ScopesToTouch(FeedPlacement before) => before.Scopes.Union(Scopes).ToList();

    /// <summary>The sitemap days to rewrite: the day the article was in and the one it is in.</summary>
    public IReadOnlyList<string> DaysToTouch(FeedPlacement before) =>
        new[] { before.Day, Day }.OfType<string>().Distinct().ToList();

    public bool Equals(FeedPlacement? other) =>
        other is not null && Day == other.Day && Scopes.SequenceEqual(other.Scopes);

    public override int GetHashCode() => HashCode.Combine(Day, Scopes.Count);
}
