using System.Text.Json;
using Azure.Storage.Blobs;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>Reads an article's rendered related list, <c>indexes/related/{slug}.json</c>; never the model.</summary>
public sealed class RelatedIndexBlobs(BlobServiceClient blobs, IOptions<StorageOptions> storage, ReadThroughCache cache) : IRelatedArticles
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(storage.Value.IndexesContainer);

    public static string RelatedBlobName(string slug) => $"related/{slug}.json";

    /// <summary>
    /// An article's related list as stored, with its blob's ETag and response body, or null when it has none.
    /// Served from the read cache: a changed list shows within <see cref="ReadCacheOptions.FreshFor"/>.
    /// </summary>
    public Task<RelatedList?> ReadRelatedAsync(string slug, CancellationToken cancellationToken) =>
        cache.GetOrLoadFreshAsync(CacheKey(slug), async () =>
        {
            var download = await BlobDownloads.IfExistsAsync(_container.GetBlobClient(RelatedBlobName(slug)), CancellationToken.None);
            if (download is null)
            {
                return null;
            }
            var document = download.Content.ToObjectFromJson<RelatedListDocument>(Json)!;
            return new RelatedList(document, download.Details.ETag.ToString(), CachedJson.Serialize(document));
        }, list => list?.SizeInBytes ?? 0, cancellationToken);

    /// <summary>Makes this instance read the list from storage next time: it has just written or deleted it.</summary>
    public void Forget(string slug) => cache.Forget(CacheKey(slug));

    private static string CacheKey(string slug) => $"related/{slug}";

    public async Task<RelatedArticles?> FindAsync(string slug, CancellationToken cancellationToken) =>
        await ReadRelatedAsync(slug, cancellationToken) is { } found ? new RelatedArticles(found.Document.Items, found.ETag) : null;
}

/// <summary>A related list with the ETag of its blob and its response body, as the read cache keeps it.</summary>
public sealed record RelatedList(RelatedListDocument Document, string ETag, CachedJson Body)
{
    public long SizeInBytes => 3 * Body.SizeInBytes; // the document's objects take about twice its JSON
}

/// <summary><c>indexes/related/{slug}.json</c>: the articles shown under one article.</summary>
public sealed record RelatedListDocument(string Slug, DateTimeOffset GeneratedAt, IReadOnlyList<RelatedArticle> Items);
