using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// A mutual exclusion lock across instances: a lease on an empty blob. A holder that crashes
/// loses the lock when the lease expires, so nobody waits forever.
/// </summary>
public static class BlobLeaseLock
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public static async Task<IAsyncDisposable> AcquireAsync(BlobClient lockBlob, CancellationToken cancellationToken)
    {
        var lease = lockBlob.GetBlobLeaseClient();
        var delay = TimeSpan.FromMilliseconds(20);
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                await lease.AcquireAsync(LeaseDuration, cancellationToken: cancellationToken);
                return new Held(lease);
            }
            catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.BlobNotFound)
            {
                await CreateIfMissingAsync(lockBlob, cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.LeaseAlreadyPresent && waited < MaxWait)
            {
                // Jitter keeps waiting holders from retrying in lockstep.
                var pause = delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)delay.TotalMilliseconds));
                await Task.Delay(pause, cancellationToken);
                waited += pause;
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
            }
        }
    }

    private static async Task CreateIfMissingAsync(BlobClient lockBlob, CancellationToken cancellationToken)
    {
        try
        {
            await lockBlob.UploadAsync(BinaryData.Empty,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode is { } code &&
            (code == BlobErrorCode.BlobAlreadyExists || code == BlobErrorCode.LeaseIdMissing))
        {
            // Someone else created it first.
        }
    }

    private sealed class Held(BlobLeaseClient lease) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await lease.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // The lease expired or was taken over; either way it is no longer ours.
            }
        }
    }
}
