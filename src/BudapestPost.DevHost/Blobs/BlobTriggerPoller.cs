using Azure;
using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Blobs;

/// <summary>
/// Lists the containers named by blob-trigger bindings and queues every blob version without a receipt, so an
/// upload to Azurite fires its functions with no Event Grid in between. Each container is listed once a poll and every
/// blob offered to all the functions watching it, as the real host's blob scan does: their queues fill side by side.
/// </summary>
public sealed class BlobTriggerPoller(
    WorkerSupervisor supervisor,
    StorageConnections storage,
    BlobReceiptStore receipts,
    BlobTriggerDispatcher dispatcher,
    IOptions<DevHostOptions> options,
    TimeProvider time,
    ILogger<BlobTriggerPoller> logger) : BackgroundService
{
    private bool _storageUnreachable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.BlobPollInterval <= TimeSpan.Zero)
        {
            return;
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var session = await supervisor.WaitForSessionAsync(stoppingToken);
                var containers = session.Catalog.Functions
                    .Where(function => function.Blob is not null)
                    .GroupBy(function => (function.Blob!.Connection, function.Blob.Path.Container));
                foreach (var watchers in containers)
                {
                    await PollAsync(watchers.Key.Connection, watchers.Key.Container, [.. watchers], stoppingToken);
                }
                await Task.Delay(options.Value.BlobPollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task PollAsync(string connection, string containerName, IReadOnlyList<FunctionDescriptor> watchers, CancellationToken cancellationToken)
    {
        var container = storage.Blobs(connection).GetBlobContainerClient(containerName);
        try
        {
            await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (blob.Properties.ETag is not { } etag)
                {
                    continue;
                }
                foreach (var function in watchers.Where(function => function.Blob!.Path.Match(blob.Name) is not null))
                {
                    var item = new BlobWorkItem(function, containerName, blob.Name, etag.ToString());
                    if (!dispatcher.IsQueued(item) && !await receipts.HasReceiptAsync(item, cancellationToken))
                    {
                        dispatcher.TryEnqueue(item);
                    }
                }
            }
            _storageUnreachable = false;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            // The container does not exist yet: nothing to fire for.
        }
        catch (Exception exception) when (exception is RequestFailedException or AggregateException or HttpRequestException)
        {
            if (!_storageUnreachable)
            {
                logger.LogWarning("Cannot list {Container} for {Functions}: {Reason}",
                    containerName, string.Join(", ", watchers.Select(function => function.Name)), exception.Message);
                _storageUnreachable = true;
            }
        }
    }
}
