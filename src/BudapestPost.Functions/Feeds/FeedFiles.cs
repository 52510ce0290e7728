using BudapestPost.Core.Feeds;

namespace BudapestPost.Functions.Feeds;

/// <summary>The names of the rendered files, which are also their routes under <c>/api/</c>.</summary>
public static class FeedFiles
{
    public const string Rss = "rss.xml";
    public const string Atom = "atom.xml";
    public const string Json = "feed.json";
    public const string SitemapIndex = "sitemaps/index.xml";
    public const string NewsSitemap = "sitemaps/news.xml";

    /// <summary>The content type of a feed file name, or null for a name that is not one.</summary>
    public static string? FeedContentType(string file) => file switch
    {
        Rss => RssFeedWriter.ContentType,
        Atom => AtomFeedWriter.ContentType,
        Json => JsonFeedWriter.ContentType,
        _ => null,
    };
}
