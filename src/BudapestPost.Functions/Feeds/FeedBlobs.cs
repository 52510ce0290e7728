using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feeds;

/// <summary>A file of the feeds: a rendering (its path is also its route under <c>/api/</c>) or a state.</summary>
public sealed record StoredFile(string Path, byte[] Content, string ContentType);

/// <summary>A rendered file as a GET serves it, with a strong ETag from its blob's.</summary>
public sealed record ServedFile(byte[] Content, string ContentType, string ETag)
{
    public long SizeInBytes => Content.Length + 2L * (ContentType.Length + ETag.Length);
}

/// <summary>
/// Feed and sitemap blobs in the <c>indexes</c> container: the small JSON states they are
/// rendered from, and the rendered files the GET functions serve.
/// </summary>
/// <remarks>
/// A state changes under optimistic concurrency (If-Match its ETag, retried on a conflict): every
/// publish touches the site-wide feed, and a lease would make them queue for nothing. The files
/// are written before the state (the commit point): a writer whose commit then fails re-reads,
/// re-applies and re-renders, so the last committed state is also the last rendered one, and a
/// crash in between is redone by the trigger's retry.
/// </remarks>
public sealed class FeedBlobs(BlobServiceClient blobs, IOptions<StorageOptions> options, ReadThroughCache cache)
{
    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Value.IndexesContainer);

    /// <summary>Applies <paramref name="change"/> to a state; when it changes anything, renders and commits it. Returns the bytes written.</summary>
    public async Task<long> UpdateAsync<TState>(
        string statePath,
        Func<BinaryData?, TState> load,
        Func<TState, Task<bool>> change,
        Func<TState, IEnumerable<StoredFile>> render,
        Func<TState, byte[]> save,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var blob = _container.GetBlobClient(statePath);
            var current = await BlobDownloads.IfExistsAsync(blob, cancellationToken);
            var state = load(current?.Content);
            if (!await change(state))
            {
                return 0;
            }

            var files = render(state).ToList();
            await Task.WhenAll(files.Select(file => WriteAsync(file, conditions: null, cancellationToken)));
            var written = files.Sum(file => (long)file.Content.Length);
            var stateFile = new StoredFile(statePath, save(state), "application/json");
            var commit = current is null
                ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                : new BlobRequestConditions { IfMatch = current.Details.ETag };
            if (await TryCommitAsync(stateFile, commit, cancellationToken))
            {
                return written + stateFile.Content.Length;
            }
        }
    }

    /// <summary>A file as stored, or null when there is none.</summary>
    public async Task<BlobDownloadResult?> ReadAsync(string path, CancellationToken cancellationToken) =>
        await BlobDownloads.IfExistsAsync(_container.GetBlobClient(path), cancellationToken);

    /// <summary>
    /// A rendered file for a GET, or null when there is none, from the read cache: feed readers poll the same
    /// few files all day, and each costs storage one read per <see cref="ReadCacheOptions.FreshFor"/> per
    /// instance. A changed file shows within that bound (at once on the instance that wrote it).
    /// </summary>
    public Task<ServedFile?> ReadServedAsync(string path, CancellationToken cancellationToken) =>
        cache.GetOrLoadFreshAsync(ServedKey(path), async () =>
            await ReadAsync(path, CancellationToken.None) is { } blob
                ? new ServedFile(blob.Content.ToArray(), blob.Details.ContentType, HttpCaching.StrongETag(blob.Details.ETag.ToString()))
                : null,
            file => file?.SizeInBytes ?? 0, cancellationToken);

    public Task WriteAsync(StoredFile file, CancellationToken cancellationToken) => WriteAsync(file, null, cancellationToken);

    private async Task<bool> TryCommitAsync(StoredFile state, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(state, conditions, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status is 409 or 412)
        {
            return false;
        }
    }

    private static string ServedKey(string path) => "feeds/" + path;

    private async Task WriteAsync(StoredFile file, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        await _container.GetBlobClient(file.Path).UploadAsync(
            new BinaryData(file.Content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = file.ContentType }, Conditions = conditions },
            cancellationToken);
        // This instance's readers see what it wrote at once; the others within FreshFor.
        cache.Forget(ServedKey(file.Path));
    }
}
