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

    public static string FeedState(FeedScope scope) => scope.Path + "entries.json";

    public static string MonthState(string month) => $"sitemaps/state/{month}.json";

    public static string Placement(string slug) => $"feeds/placements/{slug}.json";

    public string ArticleUrl(string slug) => site.Value.ArticleUrl(slug).AbsoluteUri;

    public IEnumerable<StoredFile> Feed(FeedScope scope, FeedEntryList list)
    {
        var channel = Channel(scope);
        yield return new StoredFile(scope.Path + FeedFiles.Rss, RssFeedWriter.Write(channel, list), RssFeedWriter.ContentType);
        yield return new StoredFile(scope.Path + FeedFiles.Atom, AtomFeedWriter.Write(channel, list), AtomFeedWriter.ContentType);
        yield return new StoredFile(scope.Path + FeedFiles.Json, JsonFeedWriter.Write(channel, list), JsonFeedWriter.ContentType);
    }

    /// <summary>A month's pages; an emptied month keeps one empty page, so links to it stay valid.</summary>
    public IEnumerable<StoredFile> Month(SitemapMonth month) =>
        Enumerable.Range(1, Math.Max(month.PageCount, 1)).Select(page =>
            new StoredFile("sitemaps/" + SitemapMonth.PageName(month.Month, page), month.RenderPage(page), SitemapWriter.ContentType));

    public StoredFile Index(SitemapIndex index) =>
        new(FeedFiles.SitemapIndex, index.Render(feeds.Value.Url("sitemaps/")), SitemapWriter.ContentType);

    public StoredFile News(NewsSitemap news) =>
        new(FeedFiles.NewsSitemap, news.Render(site.Value.PublicationName, site.Value.Language), SitemapWriter.ContentType);

    private FeedChannel Channel(FeedScope scope)
    {
        var options = site.Value;
        var title = scope.Kind == FeedScopeKind.Site ? options.Title : $"{options.Title}: {scope.Name}";
        return new FeedChannel(title, options.Description, options.Language, options.PublicationName,
            options.BaseUrl.TrimEnd('/') + "/",
            feeds.Value.Url(scope.Path + FeedFiles.Rss), feeds.Value.Url(scope.Path + FeedFiles.Atom), feeds.Value.Url(scope.Path + FeedFiles.Json));
    }
}
