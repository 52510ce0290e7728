using BudapestPost.Core.Articles;

namespace BudapestPost.Core.Feeds;

/// <summary>
/// The feed-level facts: whose feed it is and where it lives. <see cref="HomeUrl"/> is the page
/// the feed mirrors on the website; the three self URLs are where each rendering is served.
/// </summary>
public sealed record FeedChannel(
    string Title,
    string Description,
    string Language,
    string Publisher,
    string HomeUrl,
    string RssUrl,
    string AtomUrl,
    string JsonUrl);

/// <summary>What a feed's list needs of an entry: its key and where it sorts.</summary>
public interface IFeedEntry
{
    string Slug { get; }

    DateTimeOffset Published { get; }
}

/// <summary>
/// An article as an article feed's state keeps it: where it sorts and which published version it shows. What
/// the feed says about it (<see cref="FeedEntry"/>) is read from that version when the feed is rendered: a
/// version never changes under its content hash, and the state of a full feed stays a few kilobytes.
/// </summary>
public sealed record FeedArticle(string Slug, DateTimeOffset Published, string ContentHash) : IFeedEntry
{
    public static FeedArticle Of(Article article) => new(article.Slug, article.Published, article.ContentHash);
}

/// <summary>
/// What a feed says about one entry: everything the RSS, Atom and JSON Feed renderers need. An article feed
/// makes it from the article's published version; the corrections feed keeps its entries whole.
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
    string? Author) : IFeedEntry
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
}
