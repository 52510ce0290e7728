using System.Text.Json;
using Azure.Storage.Blobs;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>Reads an article's rendered related list, <c>indexes/related/{slug}.json</c>; never the model.</summary>
public sealed class RelatedIndexBlobs(BlobServiceClient blobs, IOptions<StorageOptions> storage) : IRelatedArticles
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(storage.Value.IndexesContainer);

    public static string RelatedBlobName(string slug) => $"related/{slug}.json";

    /// <summary>An article's related list and the blob's ETag, or null when it has none.</summary>
    public async Task<(RelatedListDocument Document, string ETag)?> ReadRelatedAsync(string slug, CancellationToken cancellationToken)
    {
        var download = await BlobDownloads.IfExistsAsync(_container.GetBlobClient(RelatedBlobName(slug)), cancellationToken);
        return download is null ? null : (download.Content.ToObjectFromJson<RelatedListDocument>(Json)!, download.Details.ETag.ToString());
    }

    public async Task<RelatedArticles?> FindAsync(string slug, CancellationToken cancellationToken) =>
        await ReadRelatedAsync(slug, cancellationToken) is { } found ? new RelatedArticles(found.Document.Items, found.ETag) : null;
}
