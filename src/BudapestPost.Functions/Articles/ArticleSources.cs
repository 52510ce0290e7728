using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace BudapestPost.Functions.Articles;

/// <summary>The blob container that holds article files, the source of truth: <c>{slug}.md</c>.</summary>
public static class ArticleSources
{
    /// <summary>Fixed, because trigger attributes need a constant and the infrastructure wires events to it.</summary>
    public const string Container = "articles";

    public const string TriggerPath = Container + "/{name}";

    public static string BlobName(string slug) => slug + ".md";

    /// <summary>The file's content and version, or null when it was deleted before it could be read.</summary>
    public static async Task<BlobDownloadResult?> DownloadAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.DownloadContentAsync(cancellationToken)).Value;
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    }
}

