using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using BudapestPost.DevHost.Blobs;
using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Rpc;
using BudapestPost.DevHost.Worker;
using Google.Protobuf;

namespace BudapestPost.DevHost.Queues;

/// <summary>
/// Runs queue-trigger functions with the host's semantics (host.json <c>extensions.queues</c>): receive up to
/// <c>batchSize</c> messages, hidden while they run; delete on success; on failure make the message visible again
/// after <c>visibilityTimeout</c>, or, once it has been dequeued <c>maxDequeueCount</c> times, move it to
/// <c>&lt;queue&gt;-poison</c>. An empty queue is polled less and less often, up to <c>maxPollingInterval</c>.
/// </summary>
public sealed class QueueTriggerListener(
    WorkerSupervisor supervisor,
    FunctionInvoker invoker,
    StorageConnections storage,
    FunctionAppFolder app,
    TimeProvider time,
    ILogger<QueueTriggerListener> logger) : PerFunctionTriggerService(supervisor)
{
    public const string PoisonSuffix = "-poison";

    // Long enough for any invocation (FunctionTimeout is 5 minutes), so a running message never reappears.
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    protected override bool Handles(FunctionDescriptor function) => function.Queue is not null;

    protected override async Task RunAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        QueueClient queue;
        try
        {
            queue = storage.Queues(function.Queue!.Connection).GetQueueClient(app.ResolveSettings(function.Queue.QueueName));
        }
        catch (InvalidOperationException exception)
        {
            logger.LogError("{Function} does not listen: {Reason}", function.Name, exception.Message);
            return;
        }
        logger.LogInformation("{Function}: listening to queue {Queue}", function.Name, queue.Name);
        var idle = MinPollingInterval;
        var unreachable = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages = [];
            try
            {
                messages = (await queue.ReceiveMessagesAsync(app.Queues.BatchSize, Lease, stoppingToken)).Value;
                unreachable = false;
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                // The queue does not exist yet: nothing to run.
            }
            catch (Exception exception) when (exception is RequestFailedException or AggregateException or HttpRequestException)
            {
                if (!unreachable)
                {
                    logger.LogWarning("{Function}: cannot read queue {Queue}: {Reason}", function.Name, queue.Name, exception.Message);
                    unreachable = true;
                }
            }
            if (messages.Length == 0)
            {
                await Task.Delay(idle, time, stoppingToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, app.Queues.MaxPollingInterval.Ticks));
                continue;
            }
            idle = MinPollingInterval;
            await Task.WhenAll(messages.Select(message => ProcessAsync(function, queue, message, stoppingToken)));
        }
    }

    private async Task ProcessAsync(FunctionDescriptor function, QueueClient queue, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            if (message.DequeueCount > app.Queues.MaxDequeueCount)
            {
                await MoveToPoisonAsync(function, queue, message, "it had been dequeued too often already", stoppingToken);
                return;
            }
            var response = await invoker.InvokeAsync(function, QueueInvocation(function, queue, message), stoppingToken);
            if (response is not null && FunctionInvoker.IsSuccess(response))
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
                return;
            }
            var error = response is null ? "the worker went away" : FunctionInvoker.Error(response);
            logger.LogWarning("{Function} failed on message {MessageId} of {Queue} (dequeue count {DequeueCount} of {Max}): {Error}",
                function.Name, message.MessageId, queue.Name, message.DequeueCount, app.Queues.MaxDequeueCount, error);
            if (message.DequeueCount >= app.Queues.MaxDequeueCount)
            {
                await MoveToPoisonAsync(function, queue, message, error, stoppingToken);
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: app.Queues.VisibilityTimeout,
                    cancellationToken: stoppingToken);
            }
        }
        catch (Exception exception) when (exception is RequestFailedException or AggregateException or HttpRequestException)
        {
            // The message's lease runs out and it is tried again; its dequeue count still bounds the attempts.
            logger.LogWarning("{Function}: could not settle message {MessageId} of {Queue}: {Reason}",
                function.Name, message.MessageId, queue.Name, exception.Message);
        }
    }

    private async Task MoveToPoisonAsync(FunctionDescriptor function, QueueClient queue, QueueMessage message, string? error, CancellationToken cancellationToken)
    {
        var poison = storage.Queues(function.Queue!.Connection).GetQueueClient(queue.Name + PoisonSuffix);
        await poison.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        logger.LogError("{Function} gave up on message {MessageId} after {DequeueCount} dequeues; moved to {Poison}: {Error}",
            function.Name, message.MessageId, message.DequeueCount, poison.Name, error);
    }

    /// <summary>
    /// The message as the host binds it: its text (bytes if it is not UTF-8), or for QueueMessage/BinaryData parameters
    /// the whole message as model binding data; the message's properties also go into trigger metadata.
    /// </summary>
    internal static InvocationRequest QueueInvocation(FunctionDescriptor function, QueueClient queue, QueueMessage message)
    {
        var binding = function.Queue!;
        var text = TryDecodeUtf8(message.Body);
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.Id,
            TraceContext = new RpcTraceContext(),
        };
        var data = binding.SupportsDeferredBinding
            ? new TypedData
            {
                ModelBindingData = new ModelBindingData
                {
                    Version = "1.0",
                    Source = "AzureStorageQueues",
                    ContentType = "application/json",
                    Content = ByteString.CopyFrom(JsonSerializer.SerializeToUtf8Bytes(new
                    {
                        message.MessageId,
                        message.PopReceipt,
                        message.DequeueCount,
                        message.NextVisibleOn,
                        message.InsertedOn,
                        message.ExpiresOn,
                        MessageText = text,
                    })),
                },
            }
            : text is not null ? new TypedData { String = text } : new TypedData { Bytes = ByteString.CopyFrom(message.Body.ToArray()) };
        request.InputData.Add(new ParameterBinding { Name = binding.Name, Data = data });

        request.TriggerMetadata["QueueTrigger"] = new TypedData { String = text ?? Convert.ToBase64String(message.Body.ToArray()) };
        request.TriggerMetadata["Id"] = new TypedData { String = message.MessageId };
        request.TriggerMetadata["PopReceipt"] = new TypedData { String = message.PopReceipt };
        request.TriggerMetadata["DequeueCount"] = new TypedData { Json = JsonSerializer.Serialize(message.DequeueCount) };
        request.TriggerMetadata["InsertionTime"] = new TypedData { Json = JsonSerializer.Serialize(message.InsertedOn) };
        request.TriggerMetadata["ExpirationTime"] = new TypedData { Json = JsonSerializer.Serialize(message.ExpiresOn) };
        request.TriggerMetadata["NextVisibleTime"] = new TypedData { Json = JsonSerializer.Serialize(message.NextVisibleOn) };
        return request;
    }

    private static string? TryDecodeUtf8(BinaryData body)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
