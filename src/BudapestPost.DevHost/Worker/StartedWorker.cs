namespace BudapestPost.DevHost.Worker;

/// <summary>A worker process that completed the handshake and loaded its functions, active or standing by.</summary>
public sealed class StartedWorker(WorkerProcess process, WorkerSession session, Action retire) : IDisposable
{
    public WorkerProcess Process { get; } = process;
    public WorkerSession Session { get; } = session;

    /// <summary>Completes when the worker's stream drops or its process exits.</summary>
    public Task Ended { get; } = Task.WhenAny(process.Exited, session.Channel.Disconnected);

    /// <summary>Closes the stream and kills the process tree.</summary>
    public void Dispose() => retire();
}
