using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Health;

public sealed class HealthCheck(BlobServiceClient blobs, TableServiceClient tables, ILogger<HealthCheck> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>200 when blob and table storage both answer, 503 otherwise.</summary>
    [Function(nameof(Health))]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await Task.WhenAll(
                blobs.GetPropertiesAsync(timeout.Token),
                tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1).GetAsyncEnumerator(timeout.Token).MoveNextAsync().AsTask());
        }
        catch (Exception exception) when (exception is RequestFailedException or HttpRequestException or OperationCanceledException
                                          && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Storage did not answer the health check");
            return Problems.ServiceUnavailable("Storage is not answering.", TimeSpan.FromSeconds(10));
        }
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return new OkObjectResult(new { status = "healthy" });
    }
}
