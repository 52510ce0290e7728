using System.Collections.Concurrent;
using System.Threading.Channels;
using BudapestPost.DevHost.Rpc;
using Grpc.Core;

namespace BudapestPost.DevHost.Worker;

/// <summary>
/// The event stream of one worker process: queues outgoing messages for a single writer (gRPC allows one
/// write at a time), pairs responses with their requests and hands worker logs to <see cref="WorkerLogForwarder"/>.
/// </summary>
public sealed class WorkerChannel(string workerId, WorkerLogForwarder logs)
{
    private readonly Channel<StreamingMessage> _outbox =
        Channel.CreateUnbounded<StreamingMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly ConcurrentDictionary<string, string> _invocationFunctions = new();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _closed;

    public string WorkerId { get; } = workerId;

    /// <summary>Completes when the worker has opened its stream and sent StartStream.</summary>
    public Task Connected => _connected.Task;

    /// <summary>Completes when the stream has ended: the worker exited, crashed or hung up.</summary>
    public Task Disconnected => _disconnected.Task;

    public int ActiveInvocations => _invocationFunctions.Count;

    /// <summary>Runs the stream until the worker disconnects or the host stops; then fails whatever is still waiting.</summary>
    public async Task RunAsync(
        IAsyncStreamReader<StreamingMessage> requests, IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        _connected.TrySetResult();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = WriteAsync(responses, stop.Token);
        try
        {
            while (await requests.MoveNext(cancellationToken))
            {
                Dispatch(requests.Current);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or Grpc.Core.RpcException)
        {
            // The worker went away mid-stream; Close below reports it to everyone waiting.
        }
        finally
        {
            Close();
            await stop.CancelAsync();
            await writer;
        }
    }

    public Task<StreamingMessage> InitializeAsync(WorkerInitRequest request, CancellationToken cancellationToken) =>
        RequestAsync("init", new StreamingMessage { WorkerInitRequest = request }, cancellationToken);

    public Task<StreamingMessage> GetMetadataAsync(FunctionsMetadataRequest request, CancellationToken cancellationToken) =>
        RequestAsync("metadata", new StreamingMessage { FunctionsMetadataRequest = request }, cancellationToken);

    public Task<StreamingMessage> LoadAsync(FunctionLoadRequest request, CancellationToken cancellationToken) =>
        RequestAsync("load:" + request.FunctionId, new StreamingMessage { FunctionLoadRequest = request }, cancellationToken);

    /// <summary>Sends the invocation and waits for its response; cancelling sends InvocationCancel to the worker.</summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, string functionName, CancellationToken cancellationToken)
    {
        _invocationFunctions[request.InvocationId] = functionName;
        try
        {
            var response = await RequestAsync(
                "invoke:" + request.InvocationId, new StreamingMessage { InvocationRequest = request }, cancellationToken);
            return response.InvocationResponse;
        }
        catch (OperationCanceledException) when (!_closed)
        {
            Send(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = request.InvocationId } });
            throw;
        }
        finally
        {
            _invocationFunctions.TryRemove(request.InvocationId, out _);
        }
    }

    public void Terminate(TimeSpan gracePeriod) =>
        Send(new StreamingMessage
        {
            WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(gracePeriod) },
        });

    /// <summary>Fails every waiting request; called when the stream ends or the worker process exits.</summary>
    public void Close()
    {
        _closed = true;
        _outbox.Writer.TryComplete();
        _disconnected.TrySetResult();
        foreach (var key in _pending.Keys)
        {
            if (_pending.TryRemove(key, out var waiting))
            {
                waiting.TrySetException(new WorkerUnavailableException("The worker disconnected."));
            }
        }
    }

    private async Task<StreamingMessage> RequestAsync(string key, StreamingMessage message, CancellationToken cancellationToken)
    {
        var response = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = response;
        try
        {
            if (_closed)
            {
                throw new WorkerUnavailableException("The worker is not connected.");
            }
            Send(message);
            return await response.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private void Send(StreamingMessage message)
    {
        message.RequestId = message.RequestId.Length > 0 ? message.RequestId : Guid.NewGuid().ToString();
        if (!_outbox.Writer.TryWrite(message))
        {
            throw new WorkerUnavailableException("The worker is not connected.");
        }
    }

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                await responses.WriteAsync(message, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or OperationCanceledException or InvalidOperationException)
        {
            // The stream closed under the writer; the read side reports the disconnect.
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        var key = message.ContentCase switch
        {
            StreamingMessage.ContentOneofCase.WorkerInitResponse => "init",
            StreamingMessage.ContentOneofCase.FunctionMetadataResponse => "metadata",
            StreamingMessage.ContentOneofCase.FunctionLoadResponse => "load:" + message.FunctionLoadResponse.FunctionId,
            StreamingMessage.ContentOneofCase.InvocationResponse => "invoke:" + message.InvocationResponse.InvocationId,
            _ => null,
        };
        if (key is not null && _pending.TryGetValue(key, out var waiting))
        {
            waiting.TrySetResult(message);
        }
        else if (message.ContentCase == StreamingMessage.ContentOneofCase.RpcLog)
        {
            var log = message.RpcLog;
            _invocationFunctions.TryGetValue(log.InvocationId, out var functionName);
            logs.Write(log, functionName);
        }
    }
}

/// <summary>The worker is not connected (starting, restarting or gone), so a request to it cannot be answered.</summary>
public sealed class WorkerUnavailableException(string message) : Exception(message);
