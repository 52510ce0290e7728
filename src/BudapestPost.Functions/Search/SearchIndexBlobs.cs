using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Search;

/// <summary>
/// The authoritative search index in the search container: Lucene's files, each under a blob
/// name of its own, and <c>index/commit.json</c>, the commit point that says which files make up
/// the current commit.
/// </summary>
/// <remarks>
/// Lucene never changes a file once written, so a commit adds a few new files (the new segment,
/// a deletions file, the segments file) and a replica downloads only those. Every upload gets a
/// fresh blob name: a writer that crashed, or lost its lease, before saving the commit point may
/// have uploaded a file under the same Lucene name with other content, and it must never replace
/// a blob a published commit points at. Files a commit drops are deleted one commit later, so a
/// replica still downloading the previous commit does not lose its files under it.
/// </remarks>
public sealed class SearchIndexBlobs(BlobServiceClient blobs, IOptions<StorageOptions> storage)
{
    public const string CommitBlobName = "index/commit.json";
    public const string LockBlobName = "index/.lock";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(storage.Value.SearchContainer);

    public BlobClient LockBlob => _container.GetBlobClient(LockBlobName);

    /// <summary>
    /// The current commit point, or null when nothing was ever indexed; <see cref="CommitRead.NotModified"/>
    /// when it still has <paramref name="knownETag"/>.
    /// </summary>
    public async Task<CommitRead> ReadCommitAsync(ETag? knownETag, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(CommitBlobName);
        try
        {
            // A HEAD first: most checks find the commit unchanged, and then read no body.
            if (knownETag is { } known && (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ETag == known)
            {
                return new CommitRead(null, known, NotModified: true);
            }
            var download = (await blob.DownloadContentAsync(cancellationToken)).Value;
            return new CommitRead(download.Content.ToObjectFromJson<SearchCommit>(JsonOptions), download.Details.ETag, NotModified: false);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return new CommitRead(null, null, NotModified: false);
        }
    }

    /// <summary>
    /// Saves <paramref name="commit"/> if the commit point is still <paramref name="expected"/> (412
    /// otherwise: someone else committed, nothing is overwritten), then deletes the files the
    /// previous commit had already retired.
    /// </summary>
    public async Task<ETag> SaveCommitAsync(SearchCommit commit, SearchCommit? previous, ETag? expected, CancellationToken cancellationToken)
    {
        var conditions = expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        var saved = await _container.GetBlobClient(CommitBlobName).UploadAsync(
            BinaryData.FromObjectAsJson(commit, JsonOptions),
            new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
        var live = commit.Files.Select(file => file.Blob).ToHashSet(StringComparer.Ordinal);
        foreach (var blob in previous?.Retired.Where(blob => !live.Contains(blob)) ?? [])
        {
            await _container.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
        return saved.Value.ETag;
    }

    public async Task<IndexFile> UploadAsync(string localPath, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(localPath);
        var blob = $"index/files/{Guid.NewGuid():N}/{name}";
        await _container.GetBlobClient(blob).UploadAsync(localPath, cancellationToken);
        return new IndexFile(name, blob, new FileInfo(localPath).Length);
    }

    public async Task DownloadAsync(IndexFile file, string localPath, CancellationToken cancellationToken) =>
        await _container.GetBlobClient(file.Blob).DownloadToAsync(localPath, cancellationToken);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>A Lucene commit as stored: its files and the blobs that hold them, plus the blobs to delete next time.</summary>
public sealed record SearchCommit(long Generation, IReadOnlyList<IndexFile> Files, IReadOnlyList<string> Retired);

/// <summary>One Lucene file of a commit, its blob and its length (a local copy of another length is not this file).</summary>
public sealed record IndexFile(string Name, string Blob, long Length);

/// <summary>The outcome of reading the commit point.</summary>
public sealed record CommitRead(SearchCommit? Commit, ETag? ETag, bool NotModified);
