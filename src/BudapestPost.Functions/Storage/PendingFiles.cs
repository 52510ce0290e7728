using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// Files changed but not yet handled by a pass: one empty marker blob each, <c>{prefix}{file}</c> in
/// <paramref name="container"/>. A marker is written before its trigger succeeds and deleted only after a pass
/// that read the file has committed, so a recorded change outlives any crash.
/// </summary>
public sealed class PendingFiles(BlobContainerClient container, string prefix)
{
    private const int ParallelDeletes = 8;

    public async Task AddAsync(string blobName, CancellationToken cancellationToken) =>
        await container.GetBlobClient(prefix + blobName).UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);

    /// <summary>Up to <paramref name="max"/> recorded files, in name order, each with its marker's ETag.</summary>
    public async Task<IReadOnlyList<PendingFile>> ListAsync(int max, CancellationToken cancellationToken)
    {
        var files = new List<PendingFile>();
        await foreach (var marker in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            files.Add(new PendingFile(marker.Name[prefix.Length..], marker.Properties.ETag!.Value));
            if (files.Count == max)
            {
                break;
            }
        }
        return files;
    }

    /// <summary>
    /// Deletes the markers of files a committed pass handled. A marker written again since it was listed (the
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
                    await container.GetBlobClient(prefix + file.BlobName).DeleteIfExistsAsync(
                        conditions: new BlobRequestConditions { IfMatch = file.ETag }, cancellationToken: ct);
                }
                catch (RequestFailedException exception) when (exception.Status == 412)
                {
                    // Recorded again meanwhile: the next pass reads the file anew.
                }
            });
}

/// <summary>A recorded change: the file's name and its marker's version.</summary>
public sealed record PendingFile(string BlobName, ETag ETag);
