using System.Collections.Concurrent;
using BudapestPost.DevHost.Rpc;
using Grpc.Core;

namespace BudapestPost.DevHost.Worker;

/// <summary>The gRPC endpoint the worker connects to; the first message must be StartStream with a known worker id.</summary>
public sealed class FunctionRpcService(WorkerChannelRegistry registry, ILogger<FunctionRpcService> logger) : FunctionRpc.FunctionRpcBase
{
    public override async Task EventStream(
        IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        StreamingMessage first;
        do
        {
            if (!await requestStream.MoveNext(context.CancellationToken))
            {
                return;
            }
            first = requestStream.Current;
        }
        // A worker may log before it has introduced itself; those lines cannot be attributed and are dropped.
        while (first.ContentCase == StreamingMessage.ContentOneofCase.RpcLog);

        if (first.ContentCase != StreamingMessage.ContentOneofCase.StartStream || registry.Find(first.StartStream.WorkerId) is not { } channel)
        {
            logger.LogWarning("Rejected a worker stream that did not start with a known worker id ({Content})", first.ContentCase);
            throw new Grpc.Core.RpcException(new Status(StatusCode.PermissionDenied, "Unknown worker."));
        }
        await channel.RunAsync(requestStream, responseStream, context.CancellationToken);
    }
}

/// <summary>Channels waiting for their worker process to connect, by the worker id it was launched with.</summary>
public sealed class WorkerChannelRegistry
{
    private readonly ConcurrentDictionary<string, WorkerChannel> _channels = new();

    public void Add(WorkerChannel channel) => _channels[channel.WorkerId] = channel;

    public void Remove(WorkerChannel channel) => _channels.TryRemove(channel.WorkerId, out _);

    public WorkerChannel? Find(string workerId) => _channels.GetValueOrDefault(workerId);
}

/// <summary>The loopback address the worker connects its gRPC stream to.</summary>
public sealed record RpcEndpoint(int Port)
{
    public Uri Uri { get; } = new($"http://127.0.0.1:{Port}/");
}
