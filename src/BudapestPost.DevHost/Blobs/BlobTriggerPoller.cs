using Azure;
using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Blobs;

/// <summary>
/// Lists the containers named by blob-trigger bindings and queues every blob version without a receipt, so an
/// upload to Azurite fires its functions with no Event Grid in between.
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
                foreach (var function in session.Catalog.Functions.Where(function => function.Blob is not null))
                {
                    await PollAsync(function, stoppingToken);
                }
                await Task.Delay(options.Value.BlobPollInterval, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task PollAsync(FunctionDescriptor function, CancellationToken cancellationToken)
    {
        var binding = function.Blob!;
        var container = storage.Blobs(binding.Connection).GetBlobContainerClient(binding.Path.Container);
        try
        {
            await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken))
            {
                if (binding.Path.Match(blob.Name) is null || blob.Properties.ETag is not { } etag)
                {
                    continue;
                }
                var item = new BlobWorkItem(function, binding.Path.Container, blob.Name, etag.ToString());
                if (!dispatcher.IsQueued(item) && !await receipts.HasReceiptAsync(item, cancellationToken))
                {
                    dispatcher.TryEnqueue(item);
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
                logger.LogWarning("Cannot list {Container} for {Function}: {Reason}", binding.Path.Container, function.Name, exception.Message);
                _storageUnreachable = true;
            }
        }
    }
}
