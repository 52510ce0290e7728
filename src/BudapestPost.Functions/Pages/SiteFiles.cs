using System.Text;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Feeds;
using BudapestPost.Site;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// The site's files, compressed once at start: the stylesheet, script and icon under content-hashed names (kept by
/// browsers and CDNs for a year: a changed file is a new name), <c>/favicon.ico</c> and <c>/robots.txt</c>.
/// </summary>
public sealed class SiteFiles(IOptions<FeedsOptions> feeds)
{
    public const string Immutable = "public, max-age=31536000, immutable";
    public const string Daily = "public, max-age=86400";

    private readonly Dictionary<string, CompressedContent> _assets =
        new[] { SiteAssets.Stylesheet, SiteAssets.Script, SiteAssets.Icon }
            .ToDictionary(asset => asset.FileName, asset => new CompressedContent(asset.Bytes, asset.ContentType), StringComparer.Ordinal);

    public CompressedContent LegacyIcon { get; } = new(SiteAssets.LegacyIcon.Bytes, SiteAssets.LegacyIcon.ContentType);

    /// <summary>
    /// For crawlers: everything but search results, the newsletter's token pages and the API's JSON; the feeds and
    /// sitemaps (under <c>/api/</c>) stay open, and the sitemaps are named.
    /// </summary>
    public CompressedContent Robots { get; } = new(Encoding.UTF8.GetBytes(
        $"""
        User-agent: *
        Allow: /api/feeds/
        Allow: /api/sitemaps/
        Disallow: /api/
        Disallow: /search
        Disallow: /newsletter/

        Sitemap: {feeds.Value.Url(FeedFiles.SitemapIndex)}
        Sitemap: {feeds.Value.Url(FeedFiles.NewsSitemap)}

        """), "text/plain; charset=utf-8");

    /// <summary>An asset by its hashed file name, or null (an old hash, a made-up name).</summary>
    public CompressedContent? Asset(string fileName) => _assets.GetValueOrDefault(fileName);
}
