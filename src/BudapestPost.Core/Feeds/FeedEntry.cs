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

/// <summary>
/// What a feed says about one published article, without its HTML, so a feed's state of 50 entries
/// stays a few kilobytes. The content is the HTML of the published version <see cref="ContentHash"/>
/// names (which never changes under that name), given to the renderers when the feed is rendered; an
/// entry with no version (a correction) has its summary as its content.
/// </summary>
public sealed record FeedEntry(
    string Slug,
    string Title,
    string Summary,
    string Url,
    DateTimeOffset Published,
    DateTimeOffset? Updated,
    IReadOnlyList<string> Tags,
    string? Section,
    string? Author,
    string? ContentHash)
{
    /// <summary>When the article last changed: <see cref="Updated"/> if set, else <see cref="Published"/>.</summary>
    public DateTimeOffset Modified => Updated ?? Published;

    public static FeedEntry From(Article article, string url, string? author = null) =>
        new(article.Slug, article.Title, article.Lead, url, article.Published, article.Updated,
            article.Tags, article.Section, author, article.ContentHash);

    // Records compare lists by reference; entries are compared by content to tell a real change.
    public bool Equals(FeedEntry? other) =>
        other is not null &&
        Slug == other.Slug && Title == other.Title && Summary == other.Summary && Url == other.Url &&
        Published == other.Published && Updated == other.Updated && Tags.SequenceEqual(other.Tags) &&
        Section == other.Section && Author == other.Author && ContentHash == other.ContentHash;

    public override int GetHashCode() => HashCode.Combine(Slug, Published, Updated, ContentHash);

    /// <summary>Newest first; the slug breaks ties so the order is total.</summary>
    internal static int NewestFirst(FeedEntry a, FeedEntry b)
    {
        var byTime = b.Published.CompareTo(a.Published);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Slug, b.Slug);
    }
}
