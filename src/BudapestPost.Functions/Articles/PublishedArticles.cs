using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// Rendered versions in the <c>published</c> container, one blob per content hash
/// (<c>{slug}/{hash}.json</c>). A version is written once and never changed, so concurrent
/// publishes cannot overwrite each other; the catalog says which one is live.
/// </summary>
public sealed class PublishedArticles(BlobServiceClient blobs, IOptions<StorageOptions> options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Value.PublishedContainer);

    public async Task WriteAsync(PublishedArticle article, string contentHash, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobName(article.Slug, contentHash));
        // Written only if absent: same hash, same content, so losing to an earlier attempt that wrote it is fine.
        await ConditionalWrite.TryAsync(async () => (await blob.UploadAsync(
            BinaryData.FromObjectAsJson(article, Json),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            },
            cancellationToken)).GetRawResponse());
    }

    public async Task<PublishedArticle?> ReadAsync(string slug, string contentHash, CancellationToken cancellationToken) =>
        (await BlobDownloads.IfExistsAsync(_container.GetBlobClient(BlobName(slug, contentHash)), cancellationToken))
            ?.Content.ToObjectFromJson<PublishedArticle>(Json);

    private static string BlobName(string slug, string contentHash) => $"{slug}/{contentHash}.json";
}

/// <summary>
/// The rendered read model of one valid article version, stored as JSON, and what
/// <c>GET /api/articles/{slug}</c> returns once <see cref="Related"/> is filled in.
/// </summary>
public sealed record PublishedArticle(
    string Slug,
    string Title,
    string Lead,
    DateTimeOffset Published,
    DateTimeOffset? Updated,
    IReadOnlyList<string> Tags,
    string? Section,
    bool AiGenerated,
    string Html,
    string Text)
{
    /// <summary>The article's page on the website; filled in when read (it follows the site settings, not the stored version).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CanonicalUrl { get; init; }

    public IReadOnlyList<RelatedArticle> Related { get; init; } = [];

    /// <summary>The article read aloud; filled in when read, absent until its narration is rendered.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ArticleAudio? Audio { get; init; }

    /// <summary>Public corrections, oldest first; <see cref="Updated"/> is never earlier than the latest.</summary>
    public IReadOnlyList<Correction> Corrections { get; init; } = [];
}
