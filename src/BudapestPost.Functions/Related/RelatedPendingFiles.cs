using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>
/// Article files changed but not yet indexed: one empty marker blob each, <c>indexes/model/pending/{file}</c>.
/// A marker is written before its trigger succeeds and deleted only after a pass that read the file has
/// committed, so a recorded change outlives any crash.
/// </summary>
public sealed class RelatedPendingFiles(BlobServiceClient blobs, IOptions<StorageOptions> storage)
{
    public const string Prefix = "model/pending/";
    private const int ParallelDeletes = 8;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(storage.Value.IndexesContainer);

    public async Task AddAsync(string blobName, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(Prefix + blobName).UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);

    /// <summary>Up to <paramref name="max"/> recorded files, in name order, each with its marker's ETag.</summary>
    public async Task<IReadOnlyList<PendingFile>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var files = new List<PendingFile>();
        await foreach (var marker in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Prefix, cancellationToken))
        {
            files.Add(new PendingFile(marker.Name[Prefix.Length..], marker.Properties.ETag!.Value));
            if (files.Count == max)
            {
                break;
            }
        }
        return files;
    }

    /// <summary>
    /// Deletes the markers of files a committed pass indexed. A marker written again since it was listed (the
    /// file changed once more) no longer matches its ETag and stays for the next pass.
    /// </summary>
    public async Task RemoveAsync(IReadOnlyList<PendingFile> files, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelDeletes, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                try
                {
                    await _container.GetBlobClient(Prefix + file.BlobName).DeleteIfExistsAsync(
                        conditions: new BlobRequestConditions { IfMatch = file.ETag }, cancellationToken: ct);
                }
                catch (RequestFailedException exception) when (exception.Status == 412)
                {
                    // Recorded again meanwhile: the next pass reads the file anew.
                }
            });
}

/// <summary>A recorded change: the article file's name and its marker's version.</summary>
public sealed record PendingFile(string BlobName, ETag ETag);
