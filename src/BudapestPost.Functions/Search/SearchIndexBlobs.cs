using System.Text.Json;
using System.Text.Json.Serialization;
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
/// a blob a published commit points at. Files a commit drops are deleted only once they have been
/// out of every commit for <see cref="SearchCommit.RetiredBlobLifetime"/> (see <see cref="SearchCommit.Succeed"/>).
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
    /// otherwise: someone else committed, nothing is overwritten).
    /// </summary>
    public async Task<ETag> SaveCommitAsync(SearchCommit commit, ETag? expected, CancellationToken cancellationToken)
    {
        var conditions = expected is { } etag ? new BlobRequestConditions { IfMatch = etag } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        var saved = await _container.GetBlobClient(CommitBlobName).UploadAsync(
            BinaryData.FromObjectAsJson(commit, JsonOptions),
            new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
        return saved.Value.ETag;
    }

    /// <summary>Deletes blobs no commit points at any more.</summary>
    public async Task DeleteAsync(IEnumerable<string> retired, CancellationToken cancellationToken)
    {
        foreach (var blob in retired)
        {
            await _container.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }
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

/// <summary>A Lucene commit as stored: its files and the blobs that hold them, plus the blobs earlier commits dropped.</summary>
public sealed record SearchCommit(long Generation, IReadOnlyList<IndexFile> Files, IReadOnlyList<RetiredBlob> Retired)
{
    /// <summary>
    /// How long a blob stays after the commit that dropped it: a replica on another instance may still be
    /// downloading an older commit (a cold one downloads the whole index), and deleting every commit's
    /// leftovers at once would cost a delete request per file in every commit of a burst.
    /// </summary>
    public static readonly TimeSpan RetiredBlobLifetime = TimeSpan.FromMinutes(10);

    /// <summary>Most blobs one commit deletes, so a commit after a long burst stays short; the rest wait for the next.</summary>
    public const int MaxDeletesPerCommit = 100;

    /// <summary>
    /// The commit that follows <paramref name="previous"/> with <paramref name="files"/>: the blobs it drops are
    /// retired as of <paramref name="now"/>, and the retired blobs whose lifetime has passed are returned to delete.
    /// </summary>
    public static (SearchCommit Next, IReadOnlyList<string> Deletable) Succeed(
        SearchCommit? previous, long generation, IReadOnlyList<IndexFile> files, DateTimeOffset now)
    {
        var live = files.Select(file => file.Blob).ToHashSet(StringComparer.Ordinal);
        var retired = (previous?.Retired ?? []).Where(blob => !live.Contains(blob.Blob))
            .Concat((previous?.Files ?? []).Where(file => !live.Contains(file.Blob)).Select(file => new RetiredBlob(file.Blob, now)))
            .ToList();
        var deletable = retired.Where(blob => now - blob.Since >= RetiredBlobLifetime).Take(MaxDeletesPerCommit).ToList();
        return (new SearchCommit(generation, files, retired.Except(deletable).ToList()), deletable.Select(blob => blob.Blob).ToList());
    }
}

/// <summary>A blob no commit points at since <see cref="Since"/>.</summary>
[JsonConverter(typeof(RetiredBlobJsonConverter))]
public sealed record RetiredBlob(string Blob, DateTimeOffset Since);

/// <summary>
/// Reads a retired blob as stored now, or as a bare blob name (commit points saved before retired blobs had a
/// time: those are long past their lifetime).
/// </summary>
public sealed class RetiredBlobJsonConverter : JsonConverter<RetiredBlob>
{
    public override RetiredBlob Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return new RetiredBlob(reader.GetString()!, DateTimeOffset.MinValue);
        }
        var stored = JsonSerializer.Deserialize<StoredRetiredBlob>(ref reader, options)
            ?? throw new JsonException("A retired blob is null.");
        return new RetiredBlob(stored.Blob ?? throw new JsonException("A retired blob has no name."), stored.Since);
    }

    public override void Write(Utf8JsonWriter writer, RetiredBlob value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, new StoredRetiredBlob(value.Blob, value.Since), options);

    private sealed record StoredRetiredBlob(string? Blob, DateTimeOffset Since);
}

/// <summary>One Lucene file of a commit, its blob and its length (a local copy of another length is not this file).</summary>
public sealed record IndexFile(string Name, string Blob, long Length);

/// <summary>The outcome of reading the commit point.</summary>
public sealed record CommitRead(SearchCommit? Commit, ETag? ETag, bool NotModified);
