using BudapestPost.Core.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Site;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// What readers get, from memory first: listings from the catalog, and an article with its related list.
/// A rendered version and the response built from it and a related list are named by content hash and list
/// ETag, so they are kept until memory runs short; which version is live and the listing pages change, so
/// they are re-read after <see cref="ReadCacheOptions.FreshFor"/>: that is how late a publish, update or
/// retraction can show on an instance.
/// </summary>
public sealed class ArticleReader(
    ReadThroughCache cache, ArticleCatalog catalog, PublishedArticles published, IRelatedArticles related, IArticleAudio audio,
    IOptions<SiteOptions> site)
{
    /// <summary>
    /// One page of the newest articles, optionally within a tag or a section, as the response body. Null when the
    /// continuation token does not belong to this listing.
    /// </summary>
    public async Task<CachedJson?> ListAsync(
        string? tag, string? section, int limit, string? continuation, CancellationToken cancellationToken)
    {
        var scope = CatalogKeys.ListingPartition(tag, section);
        string? storageToken = null;
        if (continuation is not null && !ContinuationToken.TryDecode(continuation, scope, out storageToken))
        {
            return null;
        }
        return await cache.GetOrLoadFreshAsync($"list/{scope}/{limit}/{storageToken}", async () =>
        {
            var page = await catalog.ListAsync(scope, limit, storageToken, CancellationToken.None);
            return page is null
                ? null
                : CachedJson.Serialize(new ListPage<ArticleListItem>(
                    page.Items.Select(ArticleListItem.From).ToList(), ContinuationToken.Encode(scope, page.Continuation)));
        }, json => json?.SizeInBytes ?? 0, cancellationToken);
    }

    /// <summary>The status of an article in the catalog, or null when it has none.</summary>
    public async Task<ArticleStatus?> StatusAsync(string slug, CancellationToken cancellationToken) =>
        (await LiveAsync(slug, cancellationToken))?.Status;

    /// <summary>The title of an article in the catalog, or null when it has none.</summary>
    public async Task<string?> TitleAsync(string slug, CancellationToken cancellationToken) =>
        (await LiveAsync(slug, cancellationToken))?.Title;

    /// <summary>The response body of the live version of a published article with its related list and narration; its ETag covers all.</summary>
    public async Task<ArticleLookup> GetAsync(string slug, CancellationToken cancellationToken)
    {
        var live = await LiveAsync(slug, cancellationToken);
        if (live?.Status == ArticleStatus.Retracted)
        {
            return new ArticleLookup(ArticleLookupOutcome.Retracted);
        }
        if (live is not { Status: ArticleStatus.Published, ContentHash: { } hash })
        {
            return new ArticleLookup(ArticleLookupOutcome.NotFound);
        }

        var list = await related.FindAsync(slug, cancellationToken);
        var narration = await audio.FindAsync(slug, cancellationToken);
        var body = await cache.GetOrLoadAsync($"article/{slug}/{hash}/{list?.ETag}/{narration?.Url}", async () =>
        {
            var version = await VersionAsync(slug, hash);
            return version is null
                ? null
                : CachedJson.Serialize(version with { CanonicalUrl = site.Value.ArticleUrl(slug).AbsoluteUri, Related = list?.Items ?? [], Audio = narration });
        }, json => json?.SizeInBytes ?? 0, cancellationToken);
        return body is null ? new ArticleLookup(ArticleLookupOutcome.NotFound) : new ArticleLookup(ArticleLookupOutcome.Found, body);
    }

    private Task<LiveVersion?> LiveAsync(string slug, CancellationToken cancellationToken) =>
        cache.GetOrLoadFreshAsync($"live/{slug}", async () =>
        {
            var entry = await catalog.FindAsync(slug, CancellationToken.None);
            return entry is null ? null : new LiveVersion(entry.ArticleStatus, entry.ContentHash, entry.Title);
        }, live => live?.SizeInBytes ?? 0, cancellationToken);

    private Task<PublishedArticle?> VersionAsync(string slug, string contentHash) =>
        cache.GetOrLoadAsync($"version/{slug}/{contentHash}",
            () => published.ReadAsync(slug, contentHash, CancellationToken.None),
            version => version is null ? 0 : 2L * (version.Html.Length + version.Text.Length + version.Title.Length + version.Lead.Length),
            CancellationToken.None);

    // What the catalog says about an article: its status, title and, when it has one, the live version's content hash.
    private sealed record LiveVersion(ArticleStatus? Status, string? ContentHash, string Title)
    {
        public long SizeInBytes => 2L * ((ContentHash?.Length ?? 0) + Title.Length) + 16;
    }
}

public enum ArticleLookupOutcome
{
    Found,

    /// <summary>Never published, a draft, or not yet rendered.</summary>
    NotFound,

    Retracted,
}

/// <summary>How a read ended; when found, the response body with its strong ETag.</summary>
public sealed record ArticleLookup(ArticleLookupOutcome Outcome, CachedJson? Body = null);

/// <summary>An article as listings show it.</summary>
public sealed record ArticleListItem(
    string Slug, string Title, string Lead, DateTimeOffset Published, IReadOnlyList<string> Tags, string? Section, string Url)
{
    public static ArticleListItem From(CatalogEntity row) =>
        new(row.Slug, row.Title, row.Lead, row.Published, row.TagList, row.Section, ArticleUrls.Article(row.Slug));
}

/// <summary>
/// The narration of an article, when it has one. Declared here and implemented by the audio feature, so
/// reading an article does not depend on how narrations are made.
/// </summary>
public interface IArticleAudio
{
    /// <summary>The live narration of a published article, or null when it has none (yet).</summary>
    Task<ArticleAudio?> FindAsync(string slug, CancellationToken cancellationToken);
}

/// <summary>
/// An article's narration as the article JSON shows it. <see cref="Url"/> is content-addressed: it changes
/// whenever the audio does, so it may be cached for good.
/// </summary>
public sealed record ArticleAudio(string Url, string MimeType, double DurationSeconds, long Bytes, string Voice);
