using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// Files changed but not yet handled by a pass, one entity each in the <c>PendingFiles</c> table:
/// partition = the kind of pass (<c>related</c>, <c>search</c>), row key = the escaped file name. An entity
/// is written before its trigger succeeds and deleted only after a pass that read the file has committed,
/// so a recorded change outlives any crash.
/// </summary>
/// <remarks>
/// A table rather than marker blobs: every file of a bulk import is recorded and removed once per kind, and
/// a table's partition holds only what is pending. (Azurite also re-sorts its index of every blob in the
/// account on each blob delete, which made marker deletes the bound of a bulk import through the DevHost.)
/// </remarks>
public sealed class PendingFiles(TableServiceClient tables, IOptions<StorageOptions> storage)
{
    private const int ParallelDeletes = 8;

    private readonly TableClient _table = tables.GetTableClient(storage.Value.PendingFilesTable);

    public async Task AddAsync(string kind, string blobName, CancellationToken cancellationToken) =>
        await _table.UpsertEntityAsync(new TableEntity(kind, RowKey(blobName)), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Up to <paramref name="max"/> recorded files of <paramref name="kind"/>, in name order, each with its entity's ETag.</summary>
    public async Task<IReadOnlyList<PendingFile>> ListAsync(string kind, int max, CancellationToken cancellationToken)
    {
        var files = new List<PendingFile>();
        var query = _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {kind}"), maxPerPage: max, select: ["RowKey"], cancellationToken);
        await foreach (var entity in query)
        {
            files.Add(new PendingFile(Uri.UnescapeDataString(entity.RowKey), entity.ETag));
            if (files.Count == max)
            {
                break;
            }
        }
        return files;
    }

    /// <summary>
    /// Deletes the records of files a committed pass handled. A file recorded again since it was listed (it
    /// changed once more) no longer matches its ETag and stays for the next pass.
    /// </summary>
    public async Task RemoveAsync(string kind, IReadOnlyList<PendingFile> files, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(
            files,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelDeletes, CancellationToken = cancellationToken },
            async (file, ct) =>
            {
                try
                {
                    await _table.DeleteEntityAsync(kind, RowKey(file.BlobName), file.ETag, ct);
                }
                catch (RequestFailedException exception) when (ConditionalWrite.LostRace(exception))
                {
                    // Recorded again meanwhile: the next pass reads the file anew.
                }
            });

    // Row keys may not hold '/', '\', '#', '?' or control characters; escaping keeps the name order for article files.
    private static string RowKey(string blobName) => Uri.EscapeDataString(blobName);
}

/// <summary>A recorded change: the file's name and its record's version.</summary>
public sealed record PendingFile(string BlobName, ETag ETag);
