using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Site;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feeds;

/// <summary>
/// Where each feed and sitemap state lives and what files it renders to, with the site's names
/// and public URLs filled in. Shared by the publish path and the rebuild.
/// </summary>
public sealed class FeedRenderer(IOptions<SiteOptions> site, IOptions<FeedsOptions> feeds)
{
    public const string IndexState = "sitemaps/state/index.json";
    public const string NewsState = "sitemaps/state/news.json";

    /// <summary>The folder of the corrections feed: one entry per correction, newest first.</summary>
    public const string CorrectionsPath = "feeds/corrections/";

    public static string FeedState(FeedScope scope) => StateOf(scope.Path);

    public static string CorrectionsState => StateOf(CorrectionsPath);

    public static string MonthState(string month) => $"sitemaps/state/{month}.json";

    public static string Placement(string slug) => $"feeds/placements/{slug}.json";

    public string ArticleUrl(string slug) => site.Value.ArticleUrl(slug).AbsoluteUri;

    public IEnumerable<StoredFile> Feed(FeedScope scope, FeedEntryList list) =>
        Render(scope.Path, scope.Kind == FeedScopeKind.Site ? site.Value.Title : $"{site.Value.Title}: {scope.Name}", site.Value.Description, list);

    /// <summary>The corrections feed, whose entries are corrections (see the corrections log) rather than articles.</summary>
    public IEnumerable<StoredFile> CorrectionsFeed(FeedEntryList list) =>
        Render(CorrectionsPath, $"{site.Value.Title}: corrections", $"Every correction {site.Value.PublicationName} published, newest first.", list);

    /// <summary>A month's pages; an emptied month keeps one empty page, so links to it stay valid.</summary>
    public IEnumerable<StoredFile> Month(SitemapMonth month) =>
        Enumerable.Range(1, Math.Max(month.PageCount, 1)).Select(page =>
            new StoredFile("sitemaps/" + SitemapMonth.PageName(month.Month, page), month.RenderPage(page), SitemapWriter.ContentType));

    public StoredFile Index(SitemapIndex index) =>
        new(FeedFiles.SitemapIndex, index.Render(feeds.Value.Url("sitemaps/")), SitemapWriter.ContentType);

    public StoredFile News(NewsSitemap news) =>
        new(FeedFiles.NewsSitemap, news.Render(site.Value.PublicationName, site.Value.Language), SitemapWriter.ContentType);

    private static string StateOf(string path) => path + "entries.json";

    private IEnumerable<StoredFile> Render(string path, string title, string description, FeedEntryList list)
    {
        var options = site.Value;
        var channel = new FeedChannel(title, description, options.Language, options.PublicationName,
            options.BaseUrl.TrimEnd('/') + "/",
            feeds.Value.Url(path + FeedFiles.Rss), feeds.Value.Url(path + FeedFiles.Atom), feeds.Value.Url(path + FeedFiles.Json));
        yield return new StoredFile(path + FeedFiles.Rss, RssFeedWriter.Write(channel, list), RssFeedWriter.ContentType);
        yield return new StoredFile(path + FeedFiles.Atom, AtomFeedWriter.Write(channel, list), AtomFeedWriter.ContentType);
        yield return new StoredFile(path + FeedFiles.Json, JsonFeedWriter.Write(channel, list), JsonFeedWriter.ContentType);
    }
}
