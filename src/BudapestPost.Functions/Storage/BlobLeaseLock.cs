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

    public static async Task<IAsyncDisposable> AcquireAsync(BlobClient lockBlob, CancellationToken cancellationToken) =>
        (await AcquireAsync(lockBlob, MaxWait, cancellationToken))!;

    /// <summary>The lock if nobody holds it now, else null: for work the current holder will pick up anyway.</summary>
    public static Task<IAsyncDisposable?> TryAcquireAsync(BlobClient lockBlob, CancellationToken cancellationToken) =>
        AcquireAsync(lockBlob, TimeSpan.Zero, cancellationToken);

    private static async Task<IAsyncDisposable?> AcquireAsync(BlobClient lockBlob, TimeSpan maxWait, CancellationToken cancellationToken)
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
            catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.LeaseAlreadyPresent && maxWait == TimeSpan.Zero)
            {
                return null;
            }
            catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.LeaseAlreadyPresent && waited < maxWait)
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

    /// <summary>
    /// Renews the lease until disposed, so a long holder (a full re-rank writes every list) keeps
    /// its turn; a crashed holder stops renewing and loses it within <see cref="LeaseDuration"/>.
    /// </summary>
    private sealed class Held : IAsyncDisposable
    {
        private readonly BlobLeaseClient _lease;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public Held(BlobLeaseClient lease)
        {
            _lease = lease;
            _renewing = RenewAsync(_stop.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
            try
            {
                await _lease.ReleaseAsync();
            }
            catch (RequestFailedException)
            {
                // The lease expired or was taken over; either way it is no longer ours.
            }
        }

        private async Task RenewAsync(CancellationToken cancellationToken)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(LeaseDuration / 3, cancellationToken);
                    await _lease.RenewAsync(cancellationToken: cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
                // Released.
            }
            catch (RequestFailedException)
            {
                // Lost: the holder's conditional writes fail and its change is retried.
            }
        }
    }
}
