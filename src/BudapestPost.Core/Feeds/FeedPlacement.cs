using BudapestPost.Core.Articles;

namespace BudapestPost.Core.Feeds;

/// <summary>
/// Where one article appears: its feeds and its sitemap month (both empty unless published).
/// The placement after the last publish is kept, so the next one knows what it must take the
/// article out of, whatever the catalog says by then.
/// </summary>
public sealed record FeedPlacement(IReadOnlyList<FeedScope> Scopes, string? Month)
{
    public static readonly FeedPlacement Nowhere = new([], null);

    public static FeedPlacement Of(Article article) =>
        article.Status != ArticleStatus.Published
            ? Nowhere
            : new FeedPlacement(FeedScope.Of(article.Tags, article.Section), SitemapMonth.MonthOf(article.Published));

    /// <summary>The feeds to rewrite when moving from <paramref name="before"/> to this placement: the union, each once.</summary>
    public IReadOnlyList<FeedScope> ScopesToTouch(FeedPlacement before) => before.Scopes.Union(Scopes).ToList();

    /// <summary>The sitemap months to rewrite: the month the article was in and the one it is in.</summary>
    public IReadOnlyList<string> MonthsToTouch(FeedPlacement before) =>
        new[] { before.Month, Month }.OfType<string>().Distinct().ToList();

    public bool Equals(FeedPlacement? other) =>
        other is not null && Month == other.Month && Scopes.SequenceEqual(other.Scopes);

    public override int GetHashCode() => HashCode.Combine(Month, Scopes.Count);
}
