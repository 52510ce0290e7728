using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>
/// Writes the related lists the engine reports as changed (and deletes removed ones), so
/// processing the same content twice writes nothing.
/// </summary>
public sealed class RelatedListWriter(BlobServiceClient blobs, IOptions<StorageOptions> storage, TimeProvider time)
{
    private const int ParallelWrites = 8;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(storage.Value.IndexesContainer);

    public async Task WriteAsync(RelatedIndex index, IndexChanges changes, CancellationToken cancellationToken)
    {
        var generatedAt = time.GetUtcNow();
        var writes = changes.RelatedLists.Select(slug => (Slug: slug, Items: index.Related(slug)))
            .Concat(changes.RemovedLists.Select(slug => (Slug: slug, Items: (IReadOnlyList<RelatedItem>?)null)));
        await Parallel.ForEachAsync(
            writes,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelWrites, CancellationToken = cancellationToken },
            async (write, ct) =>
            {
                var blob = _container.GetBlobClient(RelatedIndexBlobs.RelatedBlobName(write.Slug));
                if (write.Items is null)
                {
                    await blob.DeleteIfExistsAsync(cancellationToken: ct);
                    return;
                }
                var document = new RelatedListDocument(write.Slug, generatedAt, write.Items.Select(ToRelatedArticle).ToList());
                await blob.UploadAsync(
                    BinaryData.FromObjectAsJson(document, RelatedIndexBlobs.Json),
                    new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                    ct);
            });
    }

    private static RelatedArticle ToRelatedArticle(RelatedItem item) =>
        new(item.Slug, item.Title, item.Lead, item.Published, ArticleUrls.Article(item.Slug), item.Score);
}
