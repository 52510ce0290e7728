using System.Text.Json;
using Azure;
using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Rpc;
using BudapestPost.DevHost.Worker;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Blobs;

/// <summary>
/// Invokes blob-trigger functions for queued blob versions, a few at a time (host.json
/// <c>extensions.blobs.maxDegreeOfParallelism</c>, for all blob functions together), the slots shared fairly between
/// functions by <see cref="BlobWorkQueue"/>. A failed invocation is queued again after a doubling delay,
/// without holding its slot while it waits, up to <c>poisonBlobThreshold</c> attempts; then, like the real host, a message goes to <c>webjobs-blobtrigger-poison</c>
/// and the version gets its receipt so it is not tried again until the blob changes.
/// </summary>
public sealed class BlobTriggerDispatcher(
    FunctionInvoker invoker,
    StorageConnections storage,
    BlobReceiptStore receipts,
    FunctionAppFolder app,
    IOptions<DevHostOptions> options,
    TimeProvider time,
    ILogger<BlobTriggerDispatcher> logger) : BackgroundService
{
    public const string PoisonQueue = "webjobs-blobtrigger-poison";

    private readonly BlobWorkQueue _queue = new();

    public int Pending => _queue.Pending;

    /// <summary>Queues a blob version unless it is already queued, running or waiting for a retry.</summary>
    public bool TryEnqueue(BlobWorkItem item) => _queue.TryAdd(item);

    public bool IsQueued(BlobWorkItem item) => _queue.IsHeld(item);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, app.BlobParallelism)).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var item = await _queue.TakeAsync(stoppingToken);
                BlobWorkItem? retry = null;
                try
                {
                    retry = await ProcessAsync(item, stoppingToken);
                }
                catch (InvalidOperationException exception)
                {
                    logger.LogError(exception, "Could not process blob {Container}/{Blob} for {Function}", item.Container, item.BlobName, item.Function.Name);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Storage trouble (an error, or no answer after the SDK's retries) is not the blob's fault: the same
                    // attempt comes again after the wait, and the slot lives on instead of ending with the exception.
                    logger.LogWarning("Storage failed while processing {Container}/{Blob} for {Function}; trying again: {Reason}",
                        item.Container, item.BlobName, item.Function.Name, exception.Message);
                    retry = item;
                }
                finally
                {
                    _queue.Release(item, done: retry is null);
                }
                if (retry is not null)
                {
                    // The wait happens off the slot: other blobs run meanwhile. The version stays in flight, so
                    // polls and events do not queue it a second time.
                    _ = RequeueAsync(retry, options.Value.BlobRetryDelay * Math.Pow(2, item.Attempt - 1), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; unprocessed blobs have no receipt and fire again on the next start.
        }
    }

    private async Task RequeueAsync(BlobWorkItem retry, TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            _queue.Retry(retry);
        }
        catch (OperationCanceledException)
        {
            // Shutting down; the version has no receipt and fires again on the next start.
        }
    }

    /// <summary>One attempt; returns the retry to queue later, or null when the version is done (processed or poisoned).</summary>
    private async Task<BlobWorkItem?> ProcessAsync(BlobWorkItem item, CancellationToken stoppingToken)
    {
        if (await receipts.HasReceiptAsync(item, stoppingToken))
        {
            return null;
        }
        var threshold = Math.Max(1, app.PoisonBlobThreshold);
        var request = await BuildInvocationAsync(item, threshold, stoppingToken);
        if (request is null)
        {
            return null;
        }
        // Null: the worker died under the invocation; that is not the blob's fault, so the attempt does not count.
        if (await invoker.InvokeAsync(item.Function, request, stoppingToken) is not { } response)
        {
            return item;
        }

        if (FunctionInvoker.IsSuccess(response))
        {
            logger.LogInformation("{Function} processed {Container}/{Blob}", item.Function.Name, item.Container, item.BlobName);
            await receipts.WriteAsync(item, stoppingToken);
            return null;
        }

        var error = FunctionInvoker.Error(response);
        logger.LogWarning("{Function} failed on {Container}/{Blob} (attempt {Attempt} of {Threshold}): {Error}",
            item.Function.Name, item.Container, item.BlobName, item.Attempt, threshold, error);
        if (item.Attempt < threshold)
        {
            return item with { Attempt = item.Attempt + 1 };
        }

        await SendToPoisonQueueAsync(item, stoppingToken);
        await receipts.WriteAsync(item, stoppingToken);
        logger.LogError("{Function} gave up on {Container}/{Blob} after {Threshold} attempts; message sent to {Queue}: {Error}",
            item.Function.Name, item.Container, item.BlobName, threshold, PoisonQueue, error);
        return null;
    }

    private async Task<InvocationRequest?> BuildInvocationAsync(BlobWorkItem item, int threshold, CancellationToken cancellationToken)
    {
        var binding = item.Function.Blob!;
        var blob = storage.Blobs(binding.Connection).GetBlobContainerClient(item.Container).GetBlobClient(item.BlobName);
        Azure.Storage.Blobs.Models.BlobProperties properties;
        try
        {
            properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            logger.LogInformation("{Container}/{Blob} was deleted before {Function} ran", item.Container, item.BlobName, item.Function.Name);
            return null;
        }

        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = item.Function.Id,
            TraceContext = new RpcTraceContext(),
            RetryContext = new RetryContext { RetryCount = item.Attempt - 1, MaxRetryCount = threshold - 1 },
        };
        request.InputData.Add(BlobInput(binding, item));
        request.TriggerMetadata["BlobTrigger"] = new TypedData { String = $"{item.Container}/{item.BlobName}" };
        request.TriggerMetadata["Uri"] = new TypedData { Json = JsonSerializer.Serialize(blob.Uri.ToString()) };
        request.TriggerMetadata["Properties"] = new TypedData
        {
            Json = JsonSerializer.Serialize(new
            {
                properties.ContentType,
                properties.ContentLength,
                ETag = properties.ETag.ToString(),
                properties.LastModified,
                properties.CreatedOn,
                BlobType = properties.BlobType.ToString(),
            }),
        };
        request.TriggerMetadata["Metadata"] = new TypedData { Json = JsonSerializer.Serialize(properties.Metadata) };
        foreach (var (token, value) in binding.Path.Match(item.BlobName) ?? new Dictionary<string, string>())
        {
            request.TriggerMetadata[token] = new TypedData { String = value };
        }
        return request;
    }

    /// <summary>
    /// The trigger parameter as a reference to the blob, not its content: the worker reads the blob itself through its
    /// SDK, so it needs the connection setting's name, not its value.
    /// </summary>
    private static ParameterBinding BlobInput(BlobTriggerBinding binding, BlobWorkItem item) => new()
    {
        Name = binding.Name,
        Data = new TypedData
        {
            ModelBindingData = new ModelBindingData
            {
                Version = "1.0",
                Source = "AzureStorageBlobs",
                ContentType = "application/json",
                Content = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
                {
                    ["Connection"] = binding.Connection,
                    ["ContainerName"] = item.Container,
                    ["BlobName"] = item.BlobName,
                })),
            },
        },
    };

    private async Task SendToPoisonQueueAsync(BlobWorkItem item, CancellationToken cancellationToken)
    {
        var queue = storage.Queues(item.Function.Blob!.Connection).GetQueueClient(PoisonQueue);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // The same shape as the real host's poison message, so tooling written for Azure reads it.
        var message = JsonSerializer.Serialize(new
        {
            Type = "BlobTrigger",
            FunctionId = "Host.Functions." + item.Function.Name,
            BlobType = "BlockBlob",
            ContainerName = item.Container,
            BlobName = item.BlobName,
            ETag = $"\"{item.ETag}\"",
        });
        await queue.SendMessageAsync(message, cancellationToken);
    }
}
