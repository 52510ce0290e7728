using System.IO.Compression;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>
/// The related engine's corpus model in <c>indexes/model/related.bin.gz</c>, kept in memory per
/// instance and re-read only when its ETag moved.
/// </summary>
/// <remarks>
/// Changes take turns under a blob lease on <c>model/.lock</c>: the model is one blob of up to
/// tens of megabytes, and optimistic retries would make every losing instance download and
/// re-apply it again — under a burst of publishes, quadratic work. Holding the lease across load,
/// apply, render and save also orders the index writes the same way as the model versions, so a
/// slower instance can never overwrite a list with an older one. The save is still conditional
/// on the ETag that was loaded: a holder whose lease ran out (a long rebuild) fails with 412 instead
/// of losing someone else's update, and the change is retried from a fresh load.
/// </remarks>
public class RelatedModelStore(
    BlobServiceClient blobs,
    IOptions<StorageOptions> storage,
    IOptions<RelatedOptions> options,
    ILogger<RelatedModelStore> logger)
{
    public const string ModelBlobName = "model/related.bin.gz";
    public const string LockBlobName = "model/.lock";
    private const int MaxAttempts = 5;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(storage.Value.IndexesContainer);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RelatedIndex? _cached;
    private ETag _cachedETag;

    /// <summary>
    /// Runs <paramref name="change"/> on the current model, alone across all instances, and saves
    /// the model it returns (null: nothing changed, nothing saved).
    /// </summary>
    public async Task UpdateAsync(Func<RelatedIndex, CancellationToken, Task<RelatedIndex?>> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var _ = await BlobLeaseLock.AcquireAsync(_container.GetBlobClient(LockBlobName), cancellationToken);
                    var (current, etag) = await LoadAsync(cancellationToken);
                    var next = await change(current, cancellationToken);
                    if (next is not null)
                    {
                        _cachedETag = await SaveAsync(next, etag, cancellationToken);
                        _cached = next;
                    }
                    return;
                }
                catch (RequestFailedException exception) when (attempt < MaxAttempts &&
                    exception.Status is 409 or 412)
                {
                    logger.LogWarning("Related model changed underneath (attempt {Attempt}); retrying from a fresh load", attempt);
                    Forget();
                }
                catch
                {
                    // The cached model may be half-changed; the stored one is the truth.
                    Forget();
                    throw;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The stored model, for reading (not to be changed).</summary>
    public async Task<RelatedIndex> ReadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return (await LoadAsync(cancellationToken)).Index;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(RelatedIndex Index, ETag ETag)> LoadAsync(CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(ModelBlobName);
        BlobProperties properties;
        try
        {
            properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            _cached = new RelatedIndex(options.Value);
            _cachedETag = default;
            return (_cached, default);
        }

        if (_cached is not null && properties.ETag == _cachedETag)
        {
            return (_cached, _cachedETag);
        }

        var download = await blob.DownloadStreamingAsync(
            new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken);
        await using (var content = download.Value.Content)
        await using (var unzipped = new GZipStream(content, CompressionMode.Decompress))
        using (var buffer = new MemoryStream())
        {
            await unzipped.CopyToAsync(buffer, cancellationToken);
            buffer.Position = 0;
            _cached = RelatedIndexSerializer.Read(buffer, options.Value);
        }
        _cachedETag = download.Value.Details.ETag;
        logger.LogInformation("Loaded related model {ETag} with {Count} articles", _cachedETag, _cached.Count);
        return (_cached, _cachedETag);
    }

    private async Task<ETag> SaveAsync(RelatedIndex index, ETag expected, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await using (var zipped = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            RelatedIndexSerializer.Write(index, zipped);
        }
        buffer.Position = 0;
        var conditions = expected == default
            ? new BlobRequestConditions { IfNoneMatch = ETag.All }
            : new BlobRequestConditions { IfMatch = expected };
        var response = await _container.GetBlobClient(ModelBlobName).UploadAsync(
            buffer,
            new BlobUploadOptions
            {
                Conditions = conditions,
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream", ContentEncoding = "gzip" },
            },
            cancellationToken);
        return response.Value.ETag;
    }

    private void Forget()
    {
        _cached = null;
        _cachedETag = default;
    }
}
