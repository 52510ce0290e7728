using System.Globalization;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Site;
using BudapestPost.Site;
using BudapestPost.Site.Models;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// The site around every page (<see cref="SiteFrame"/>): the settings' names, the sections that have articles (from
/// the catalog's counts, re-read after <see cref="ReadCacheOptions.FreshFor"/>), the site's feeds and its files.
/// <see cref="Framed.Version"/> changes whenever any of it does, so pages cached under it change too.
/// </summary>
public sealed class PageFrames(ArticleCatalog catalog, ReadThroughCache cache, IOptions<SiteOptions> site, IOptions<FeedsOptions> feeds)
{
    private readonly SiteOptions _site = site.Value;

    /// <summary>The frame with the sections that have articles, and a version for cache keys.</summary>
    public Task<Framed> CurrentAsync(CancellationToken cancellationToken) =>
        cache.GetOrLoadFreshAsync("taxonomy/sections", async () =>
        {
            var sections = await catalog.Listings.CountsAsync(CatalogListings.SectionsPartition, CancellationToken.None);
            var links = sections.Select(section => Section(section.Name)).OrderBy(link => link.Text, StringComparer.Ordinal).ToList();
            return new Framed(Frame(links), HttpCaching.StrongETag([.. links.Select(link => link.Href)]));
        }, framed => 64L * (framed.Frame.Sections.Count + 4), cancellationToken);

    /// <summary>The frame without reading anything: for pages that must show while storage does not answer.</summary>
    public SiteFrame WithoutSections() => Frame([]);

    /// <summary>
    /// The feeds in <paramref name="folder"/> (a <see cref="FeedScope.Path"/>, or <c>feeds/corrections/</c>), announced
    /// on the page of what they follow besides the site's.
    /// </summary>
    public IReadOnlyList<FeedLink> FeedsOf(string folder, string name) => Feeds(folder, $"{_site.Title}: {name}");

    public static Link Section(string section) => new(Display(section, capitalize: true), "/sections/" + section);

    public static Link Tag(string tag) => new(Display(tag, capitalize: false), "/tags/" + tag);

    /// <summary>A page's address on the site, absolute.</summary>
    public string Absolute(string path) => _site.BaseUrl.TrimEnd('/') + "/" + path.TrimStart('/');

    /// <summary>Section and tag slugs as words: <c>central-europe</c> reads "Central europe" as a section, "central europe" as a tag.</summary>
    public static string Display(string slug, bool capitalize)
    {
        var words = slug.Replace('-', ' ');
        return capitalize && words.Length > 0 ? char.ToUpper(words[0], CultureInfo.InvariantCulture) + words[1..] : words;
    }

    private SiteFrame Frame(IReadOnlyList<Link> sections) => new(
        _site.Title, _site.Description, _site.Language, _site.BaseUrl.TrimEnd('/'), sections,
        Feeds(FeedScope.Site.Path, _site.Title), SiteAssets.Paths);

    // A feed folder's three formats (FeedScope.Path: feeds/, feeds/tags/{tag}/, feeds/sections/{section}/).
    private IReadOnlyList<FeedLink> Feeds(string folder, string title) =>
    [
        new($"{title} (RSS)", "application/rss+xml", feeds.Value.Url(folder + FeedFiles.Rss), "RSS"),
        new($"{title} (Atom)", "application/atom+xml", feeds.Value.Url(folder + FeedFiles.Atom), "Atom"),
        new($"{title} (JSON Feed)", "application/feed+json", feeds.Value.Url(folder + FeedFiles.Json), "JSON Feed"),
    ];
}

/// <summary>A site frame with the version of what it was built from.</summary>
public sealed record Framed(SiteFrame Frame, string Version);
