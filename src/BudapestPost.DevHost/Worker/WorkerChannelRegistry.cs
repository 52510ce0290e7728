using System.Collections.Concurrent;

namespace BudapestPost.DevHost.Worker;

/// <summary>Channels waiting for their worker process to connect, by the worker id it was launched with.</summary>
public sealed class WorkerChannelRegistry
{
    private readonly ConcurrentDictionary<string, WorkerChannel> _channels = new();

    public void Add(WorkerChannel channel) => _channels[channel.WorkerId] = channel;

    public void Remove(WorkerChannel channel) => _channels.TryRemove(channel.WorkerId, out _);

    public WorkerChannel? Find(string workerId) => _channels.GetValueOrDefault(workerId);
}
