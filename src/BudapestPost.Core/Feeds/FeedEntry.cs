using BudapestPost.Core.Articles;

namespace BudapestPost.Core.Feeds;

/// <summary>
/// What a feed says about one published article: everything the RSS, Atom and JSON Feed
/// renderers need, so a feed can be re-rendered from its own entry list alone.
/// </summary>
public sealed record FeedEntry(
    string Slug,
    string Title,
    string Summary,
    string ContentHtml,
    string Url,
    DateTimeOffset Published,
    DateTimeOffset? Updated,
    IReadOnlyList<string> Tags,
    string? Section,
    string? Author)
{
    /// <summary>When the article last changed: <see cref="Updated"/> if set, else <see cref="Published"/>.</summary>
    public DateTimeOffset Modified => Updated ?? Published;

    public static FeedEntry From(Article article, RenderedArticle rendered, string url, string? author = null) =>
        new(article.Slug, article.Title, article.Lead, rendered.Html, url, article.Published, article.Updated,
            article.Tags, article.Section, author);

    // Records compare lists by reference; entries are compared by content to tell a real change.
    public bool Equals(FeedEntry? other) =>
        other is not null &&
        Slug == other.Slug && Title == other.Title && Summary == other.Summary && ContentHtml == other.ContentHtml &&
        Url == other.Url && Published == other.Published && Updated == other.Updated &&
        Tags.SequenceEqual(other.Tags) && Section == other.Section && Author == other.Author;

    public override int GetHashCode() => HashCode.Combine(Slug, Published, Updated, ContentHtml);

    /// <summary>Newest first; the slug breaks ties so the order is total.</summary>
    internal static int NewestFirst(FeedEntry a, FeedEntry b)
    {
        var byTime = b.Published.CompareTo(a.Published);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Slug, b.Slug);
    }
}
