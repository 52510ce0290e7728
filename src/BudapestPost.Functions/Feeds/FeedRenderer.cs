using System.Globalization;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Site;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

/// <summary>
/// Where each feed and sitemap state lives and how the files a GET serves are rendered from it, with
/// the site's names and public URLs filled in. Shared by the publish path, the rebuild and the reads.
/// </summary>
/// <remarks>
/// An article feed's state names the published version of each entry; what the feed says about it is read
/// from that version through the read cache, where it stays until memory runs short (a version never changes
/// under its content hash). A feed rendered on an instance that holds none of its versions reads them side by
/// side, one request per entry (at most <see cref="FeedEntryList.Capacity"/>); after that, a changed state costs
/// only the versions it did not hold, usually the one its publish added. An instance that publishes a version,
/// or reads it for a refill or a rebuild, keeps its entry at once. An entry whose version is missing is left out
/// of the rendering, with an error saying how to repair the feed, so readers still get the rest.
/// </remarks>
public sealed class FeedRenderer(
    IOptions<SiteOptions> site, IOptions<FeedsOptions> feeds, PublishedArticles published, ReadThroughCache cache, ILogger<FeedRenderer> logger)
{
    public const string IndexState = "sitemaps/state/index.json";
    public const string NewsState = "sitemaps/state/news.json";

    /// <summary>The folder of the corrections feed: one entry per correction, newest first.</summary>
    public const string CorrectionsPath = "feeds/corrections/";

    public static string FeedState(FeedScope scope) => StateOf(scope.Path);

    public static string CorrectionsState => StateOf(CorrectionsPath);

    public static string MonthState(string month) => $"sitemaps/state/{month}.json";

    public static string DayState(string day) => $"sitemaps/state/{day}.json";

    public static string Placement(string slug) => $"feeds/placements/{slug}.json";

    public string ArticleUrl(string slug) => site.Value.ArticleUrl(slug).AbsoluteUri;

    /// <summary>One of a feed's files (<see cref="FeedFiles.Rss"/>, <see cref="FeedFiles.Atom"/>, <see cref="FeedFiles.Json"/>).</summary>
    public Rendering Feed(FeedScope scope, string file) =>
        Feed(scope.Path, file, scope.Kind == FeedScopeKind.Site ? site.Value.Title : $"{site.Value.Title}: {scope.Name}", site.Value.Description,
            async state =>
            {
                var list = FeedEntryList<FeedArticle>.FromJson(state.Span);
                var entries = await Task.WhenAll(list.Entries.Select(article => EntryAsync(scope, article)));
                return list.With(entries.OfType<FeedEntry>());
            });

    /// <summary>The corrections feed, whose entries are corrections (see the corrections log) rather than articles, kept whole.</summary>
    public Rendering CorrectionsFeed(string file) =>
        Feed(CorrectionsPath, file, $"{site.Value.Title}: corrections", $"Every correction {site.Value.PublicationName} published, newest first.",
            state => Task.FromResult(FeedEntryList<FeedEntry>.FromJson(state.Span)));

    /// <summary>What a feed says about a published version.</summary>
    public FeedEntry EntryOf(PublishedArticle version) =>
        new(version.Slug, version.Title, version.Lead, version.Html, ArticleUrl(version.Slug), version.Published, version.Updated,
            version.Tags, version.Section, Author: null);

    /// <summary>Keeps the entry of a version this instance has in hand, so its feeds are rendered without reading it.</summary>
    public Task RememberAsync(FeedEntry entry, string contentHash) =>
        cache.GetOrLoadAsync(EntryKey(entry.Slug, contentHash), () => Task.FromResult(entry), SizeInBytes, CancellationToken.None);

    /// <summary>
    /// A sitemap file by its name under <c>sitemaps/</c> (<c>index.xml</c>, <c>news.xml</c>, <c>2025-02.xml</c>,
    /// <c>2025-02-2.xml</c>…), or null for a name that is none. An emptied month keeps one empty page, so links to it stay valid.
    /// </summary>
    /// <remarks>
    /// A month's page is rendered from the month's state and the states of the days it lists; on an instance that
    /// holds none of them, that is 1 + (days with articles, at most 31) reads in two round trips. The index is
    /// rendered from its state and the states of the months it lists: 1 + (months with articles) reads.
    /// </remarks>
    public Rendering? Sitemap(string file) => Path.GetFileNameWithoutExtension(file) switch
    {
        "index" => new(FeedFiles.SitemapIndex, SitemapWriter.ContentType, IndexState,
            (_, months) => Rendered(SitemapIndex.Render(feeds.Value.Url("sitemaps/"), months.Where(m => !m.IsEmpty).Select(m => SitemapMonth.FromJson(m.Span)))),
            StatesBehind: state => SitemapIndex.FromJson(state.Span).Months.Select(MonthState)),
        // Served empty until an article is published: a news sitemap submitted to a search engine never answers 404.
        "news" => new(FeedFiles.NewsSitemap, SitemapWriter.ContentType, NewsState,
            (state, _) => Rendered((state.IsEmpty ? new NewsSitemap() : NewsSitemap.FromJson(state.Span)).Render(site.Value.PublicationName, site.Value.Language)),
            ServedWithoutState: true),
        [_, _, _, _, '-', _, _] month => MonthPage(month, 1),
        [_, _, _, _, '-', _, _, '-', .. var page] name when int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) &&
            number > 1 && SitemapMonth.PageName(name[..7], number) == file => MonthPage(name[..7], number),
        _ => null,
    };

    private Rendering MonthPage(string month, int page) =>
        new("sitemaps/" + SitemapMonth.PageName(month, page), SitemapWriter.ContentType, MonthState(month),
            (_, days) => Rendered(SitemapMonth.RenderPage(days.Where(d => !d.IsEmpty).Select(d => SitemapDay.FromJson(d.Span)), page)),
            StatesBehind: state => SitemapMonth.FromJson(state.Span).Days.Select(day => DayState(day.Day)));

    private static Task<byte[]?> Rendered(byte[]? file) => Task.FromResult(file);

    private static string StateOf(string path) => path + "entries.json";

    private static string EntryKey(string slug, string contentHash) => $"feeds/entry/{slug}/{contentHash}";

    private static long SizeInBytes(FeedEntry entry) =>
        2L * (entry.Slug.Length + entry.Title.Length + entry.Summary.Length + entry.ContentHtml.Length + entry.Url.Length + entry.Tags.Sum(t => t.Length));

    // Null when the version is missing, which is not kept: the next rendering of the feed looks again.
    private Task<FeedEntry?> EntryAsync(FeedScope scope, FeedArticle article) =>
        cache.GetOrLoadAsync(EntryKey(article.Slug, article.ContentHash), async () =>
        {
            if (await published.ReadAsync(article.Slug, article.ContentHash, CancellationToken.None) is { } version)
            {
                return EntryOf(version);
            }
            logger.LogError("The published version {ContentHash} of {Slug} is missing, so the feed {Feed} is served without it. " +
                "POST /api/admin/feeds/rebuild to take it out of the feeds, or publish the article again from a changed file to store a new version",
                article.ContentHash, article.Slug, scope.Path);
            return null;
        }, entry => entry is null ? 0 : SizeInBytes(entry), CancellationToken.None);

    private Rendering Feed(string path, string file, string title, string description, Func<ReadOnlyMemory<byte>, Task<FeedEntryList<FeedEntry>>> entries)
    {
        var options = site.Value;
        var channel = new FeedChannel(title, description, options.Language, options.PublicationName,
            options.BaseUrl.TrimEnd('/') + "/",
            feeds.Value.Url(path + FeedFiles.Rss), feeds.Value.Url(path + FeedFiles.Atom), feeds.Value.Url(path + FeedFiles.Json));
        Func<FeedChannel, FeedEntryList<FeedEntry>, byte[]> write = file switch
        {
            FeedFiles.Rss => RssFeedWriter.Write,
            FeedFiles.Atom => AtomFeedWriter.Write,
            FeedFiles.Json => JsonFeedWriter.Write,
            _ => throw new ArgumentException($"'{file}' is not a feed file.", nameof(file)),
        };
        return new(path + file, FeedFiles.FeedContentType(file)!, StateOf(path), async (state, _) => write(channel, await entries(state)));
    }
}
