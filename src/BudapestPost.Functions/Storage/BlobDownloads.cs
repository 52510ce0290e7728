using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace BudapestPost.Functions.Storage;

public static class BlobDownloads
{
    /// <summary>The blob's content and properties, or null when there is no such blob (a missing blob is an answer, not a failure).</summary>
    public static async Task<BlobDownloadResult?> IfExistsAsync(BlobClient blob, CancellationToken cancellationToken)
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
