using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Related;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// What readers are served, from memory first. A rendered version and the response built from it are named
/// by content hash and related-list ETag, so they are kept until memory runs short; which version is live,
/// the related lists and the listing pages change, so they are re-read after
/// <see cref="ReadCacheOptions.FreshFor"/>: that is how late a publish, update or retraction can show.
/// </summary>
public sealed class ArticleReads(
    ReadThroughCache cache, ArticleCatalog catalog, PublishedArticles published, RelatedIndexBlobs relatedIndexes)
{
    /// <summary>Which version of an article is live, or null when the catalog has no such article.</summary>
    public Task<LiveVersion?> LiveAsync(string slug, CancellationToken cancellationToken) =>
        cache.GetOrLoadFreshAsync($"live/{slug}", async () =>
        {
            var entry = await catalog.FindAsync(slug, CancellationToken.None);
            return entry is null ? null : new LiveVersion(entry.Status, entry.ContentHash);
        }, live => live?.SizeInBytes ?? 0, cancellationToken);

    /// <summary>The response body of <c>GET /api/articles/{slug}</c>: the live version with its related list.</summary>
    public async Task<ArticleRead> ReadAsync(string slug, CancellationToken cancellationToken)
    {
        var live = await LiveAsync(slug, cancellationToken);
        if (live?.Status == CatalogEntity.RetractedStatus)
        {
            return ArticleRead.Retracted;
        }
        if (live is not { Status: CatalogEntity.PublishedStatus, ContentHash: { } hash })
        {
            return ArticleRead.NotFound;
        }

        var related = await RelatedAsync(slug, cancellationToken);
        var body = await cache.GetOrLoadAsync($"article/{slug}/{hash}/{related?.ETag}", async () =>
        {
            var version = await VersionAsync(slug, hash, CancellationToken.None);
            return version is null ? null : CachedJson.Serialize(version with { Related = related?.Document.Items ?? [] });
        }, json => json?.SizeInBytes ?? 0, cancellationToken);
        return body is null ? ArticleRead.NotFound : new ArticleRead(ArticleReadStatus.Found, body);
    }

    /// <summary>An article's related list as stored, or null when it has none.</summary>
    public Task<RelatedList?> RelatedAsync(string slug, CancellationToken cancellationToken) =>
        cache.GetOrLoadFreshAsync($"related/{slug}", async () =>
        {
            var found = await relatedIndexes.ReadRelatedAsync(slug, CancellationToken.None);
            return found is { } list ? new RelatedList(list.Document, list.ETag, CachedJson.Serialize(list.Document)) : null;
        }, list => list?.SizeInBytes ?? 0, cancellationToken);

    /// <summary>One listing page as the response body: a range read of one catalog partition.</summary>
    public Task<CachedJson> ListAsync(string? tag, int limit, string? storageToken, CancellationToken cancellationToken) =>
        cache.GetOrLoadFreshAsync($"list/{tag}/{limit}/{storageToken}", async () =>
        {
            var page = await catalog.ListAsync(tag, limit, storageToken, CancellationToken.None);
            return CachedJson.Serialize(new ArticleListPage(
                page.Values.Select(ArticleListItem.From).ToList(),
                ContinuationToken.Encode(tag ?? "", page.ContinuationToken)));
        }, json => json.SizeInBytes, cancellationToken);

    private Task<PublishedArticle?> VersionAsync(string slug, string contentHash, CancellationToken cancellationToken) =>
        cache.GetOrLoadAsync($"version/{slug}/{contentHash}",
            () => published.ReadAsync(slug, contentHash, CancellationToken.None),
            version => version is null ? 0 : 2L * (version.Html.Length + version.Text.Length + version.Title.Length + version.Lead.Length),
            cancellationToken);
}

/// <summary>The catalog's word on an article: its status and, when it has one, the live version's content hash.</summary>
public sealed record LiveVersion(string? Status, string? ContentHash)
{
    public long SizeInBytes => 2L * ((Status?.Length ?? 0) + (ContentHash?.Length ?? 0));
}

public enum ArticleReadStatus { NotFound, Retracted, Found }

public sealed record ArticleRead(ArticleReadStatus Status, CachedJson? Body = null)
{
    public static readonly ArticleRead NotFound = new(ArticleReadStatus.NotFound);
    public static readonly ArticleRead Retracted = new(ArticleReadStatus.Retracted);
}

/// <summary>A related list with the ETag of its blob (part of the article's cache key) and its response body.</summary>
public sealed record RelatedList(RelatedListDocument Document, string ETag, CachedJson Body)
{
    public long SizeInBytes => 3 * Body.SizeInBytes; // the document's objects take about twice its JSON
}
