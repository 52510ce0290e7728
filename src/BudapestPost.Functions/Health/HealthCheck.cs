using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Health;

public sealed class HealthCheck(BlobServiceClient blobs, TableServiceClient tables, ReadThroughCache cache)
{
    private const string CacheKey = "health";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// 200 when blob and table storage both answered within 5 s. Otherwise the failure (or the timeout) propagates and
    /// the exception middleware answers 503, as it does for every endpoint. The route is anonymous, so its answer
    /// is kept for <see cref="ReadCacheOptions.FreshFor"/>, failure included: a flood of probes costs storage at
    /// most one round per instance and window.
    /// </summary>
    [Function(nameof(Health))]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var probe = await cache.GetOrLoadFreshAsync(CacheKey, ProbeStorageAsync, _ => 0, cancellationToken);
        if (probe.Failure is { } failure)
        {
            // A new exception each time: the cached one may be thrown to many callers at once.
            throw new AggregateException("Storage did not answer the last health probe.", failure);
        }
        return new OkObjectResult(new { status = "healthy" });
    }

    // Shared by every caller in the window, so no caller's cancellation stops it. An outage is kept as a value, as the
    // cache keeps values and not exceptions; anything else (a missing role, a bug) propagates as a 500 at once.
    private async Task<StorageProbe> ProbeStorageAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await Task.WhenAll(
                blobs.GetPropertiesAsync(timeout.Token),
                tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1).GetAsyncEnumerator(timeout.Token).MoveNextAsync().AsTask());
            return new StorageProbe(null);
        }
        catch (Exception exception) when (StorageOutage.IsOutage(exception, CancellationToken.None))
        {
            return new StorageProbe(exception);
        }
    }

    private sealed record StorageProbe(Exception? Failure);
}
