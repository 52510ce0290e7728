namespace BudapestPost.Site.Models;

/// <summary>What every page has: the site around it and its own head (title, canonical address, sharing tags).</summary>
public abstract record SitePage(SiteFrame Site, PageHead Head);

/// <summary>
/// The site around each page: the masthead, the section navigation, the site's feeds and the addresses of its
/// stylesheet, script and icon. <see cref="BaseUrl"/> is absolute and has no trailing slash.
/// </summary>
public sealed record SiteFrame(
    string Title,
    string Description,
    string Language,
    string BaseUrl,
    IReadOnlyList<Link> Sections,
    IReadOnlyList<FeedLink> Feeds,
    SiteAssetPaths Assets)
{
    /// <summary>An absolute address on the site for a site-relative <paramref name="path"/>.</summary>
    public string Absolute(string path) => path.StartsWith("http://", StringComparison.Ordinal) || path.StartsWith("https://", StringComparison.Ordinal)
        ? path
        : BaseUrl + "/" + path.TrimStart('/');
}

/// <summary>A page's own head: its title, description, canonical path and how search engines and shares see it.</summary>
/// <param name="CanonicalPath">Site-relative (or absolute) address of the page's canonical version.</param>
/// <param name="Indexable">False for pages search engines should not keep: errors, search results, forms.</param>
/// <param name="Feeds">Feeds of this page's own listing (a section's, a tag's), besides the site's.</param>
/// <param name="Article">Set on article pages: the dates and section Open Graph and JSON-LD give.</param>
public sealed record PageHead(
    string Title,
    string Description,
    string CanonicalPath,
    bool Indexable = true,
    IReadOnlyList<FeedLink>? Feeds = null,
    ArticleMeta? Article = null);

/// <summary>What an article page's head says about the article (Open Graph <c>article:*</c>, JSON-LD <c>NewsArticle</c>).</summary>
public sealed record ArticleMeta(
    DateTimeOffset Published, DateTimeOffset Modified, string? Section, IReadOnlyList<string> Tags, string PublisherName);

/// <summary>A link: its text and a site-relative or absolute address.</summary>
public sealed record Link(string Text, string Href);

/// <summary>A feed to announce with <c>&lt;link rel="alternate"&gt;</c>; <see cref="Format"/> names it in a list of links ("RSS").</summary>
public sealed record FeedLink(string Title, string MediaType, string Href, string Format);

/// <summary>Content-hashed addresses of the site's static files.</summary>
public sealed record SiteAssetPaths(string Stylesheet, string Script, string Icon);

/// <summary>Links to move through a paged listing: continuation tokens only go forward, so the next page and the first.</summary>
public sealed record PageLinks(string? Next, string? First)
{
    public static readonly PageLinks None = new(null, null);
}
