namespace BudapestPost.Functions.Storage;

/// <summary>
/// Merges concurrent changes to one stored row into one write. While a write of a key is in flight,
/// the changes that arrive for it wait together and the next write applies them all, so a burst on
/// one hot row costs this instance one conditional write per round instead of a conflict and a retry
/// per change. Each caller's task ends when the write holding its change does, and fails with it.
/// </summary>
public sealed class WriteCoalescer<TChange>
{
    // The keys being written, each with the changes waiting for its next write (null when none wait).
    private readonly Dictionary<string, Batch?> _writing = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds <paramref name="change"/> to the next write of <paramref name="key"/>. <paramref name="write"/> applies a
    /// batch of changes; it must depend only on the key and the changes, as any caller's delegate may run a batch.
    /// </summary>
    public Task ApplyAsync(string key, TChange change, Func<IReadOnlyList<TChange>, Task> write, CancellationToken cancellationToken)
    {
        Batch batch;
        bool start;
        lock (_writing)
        {
            start = !_writing.TryGetValue(key, out var waiting);
            _writing[key] = batch = waiting ?? new Batch();
            batch.Changes.Add(change);
        }
        if (start)
        {
            _ = WriteWaitingAsync(key, write);
        }
        return batch.Done.Task.WaitAsync(cancellationToken);
    }

    // One writer per key: writes the waiting batch until none is left, then gives the key up. It starts behind
    // the work already queued on this instance, so the requests in progress can join its first write too.
    private async Task WriteWaitingAsync(string key, Func<IReadOnlyList<TChange>, Task> write)
    {
        await Task.Yield();
        while (true)
        {
            Batch? batch;
            lock (_writing)
            {
                batch = _writing[key];
                if (batch is null)
                {
                    _writing.Remove(key);
                    return;
                }
                _writing[key] = null;
            }
            try
            {
                await write(batch.Changes);
                batch.Done.SetResult();
            }
            catch (Exception exception)
            {
                batch.Done.SetException(exception);
            }
        }
    }

    private sealed class Batch
    {
        public List<TChange> Changes { get; } = [];
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
