using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>
/// The rendered indexes in the <c>indexes</c> container. Only what the engine reports as changed
/// is written, so processing the same content twice writes nothing.
/// </summary>
public class RelatedIndexBlobs(BlobServiceClient blobs, IOptions<StorageOptions> storage, TimeProvider time) : IRelatedArticles
{
    public const string LatestBlobName = "latest.json";
    private const int ParallelWrites = 8;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(storage.Value.IndexesContainer);

    public static string RelatedBlobName(string slug) => $"related/{slug}.json";

    public static string TagBlobName(string tag) => $"tags/{tag}.json";

    public async Task WriteAsync(RelatedIndex index, IndexChanges changes, CancellationToken cancellationToken)
    {
        var generatedAt = time.GetUtcNow();
        var writes = new List<Func<CancellationToken, Task>>();
        foreach (var slug in changes.RelatedLists)
        {
            var items = index.Related(slug)!.Select(ToRelatedArticle).ToList();
            writes.Add(ct => UploadAsync(RelatedBlobName(slug), new RelatedListDocument(slug, generatedAt, items), ct));
        }
        foreach (var slug in changes.RemovedLists)
        {
            writes.Add(ct => DeleteAsync(RelatedBlobName(slug), ct));
        }
        if (changes.Latest)
        {
            var items = index.Newest().Select(ToNewestArticle).ToList();
            writes.Add(ct => UploadAsync(LatestBlobName, new NewestListDocument(null, generatedAt, items), ct));
        }
        foreach (var tag in changes.Tags)
        {
            var items = index.NewestWithTag(tag).Select(ToNewestArticle).ToList();
            writes.Add(ct => items.Count == 0
                ? DeleteAsync(TagBlobName(tag), ct)
                : UploadAsync(TagBlobName(tag), new NewestListDocument(tag, generatedAt, items), ct));
        }

        await Parallel.ForEachAsync(
            writes,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken },
            async (write, ct) => await write(ct));
    }

    /// <summary>An article's related list and the blob's ETag, or null when it has none.</summary>
    public virtual async Task<(RelatedListDocument Document, string ETag)?> ReadRelatedAsync(string slug, CancellationToken cancellationToken)
    {
        var download = await BlobDownloads.IfExistsAsync(_container.GetBlobClient(RelatedBlobName(slug)), cancellationToken);
        return download is null ? null : (download.Content.ToObjectFromJson<RelatedListDocument>(Json)!, download.Details.ETag.ToString());
    }

    public async Task<RelatedArticles?> FindAsync(string slug, CancellationToken cancellationToken) =>
        await ReadRelatedAsync(slug, cancellationToken) is { } found ? new RelatedArticles(found.Document.Items, found.ETag) : null;

    private async Task UploadAsync<T>(string blobName, T document, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(blobName).UploadAsync(
            BinaryData.FromObjectAsJson(document, Json),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);

    private async Task DeleteAsync(string blobName, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private static RelatedArticle ToRelatedArticle(RelatedItem item) =>
        new(item.Slug, item.Title, item.Lead, item.Published, ArticleUrls.Article(item.Slug), item.Score);

    private static NewestArticle ToNewestArticle(ArticleSummary item) =>
        new(item.Slug, item.Title, item.Lead, item.Published, ArticleUrls.Article(item.Slug));
}
