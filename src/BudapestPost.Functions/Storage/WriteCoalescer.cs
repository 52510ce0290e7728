namespace BudapestPost.Functions.Storage;

/// <summary>
/// Merges concurrent changes to one stored row into one write. While a write of a key is in flight,
/// the changes that arrive for it wait together and the next write applies them all, so a burst on
/// one hot row costs this instance one conditional write per round instead of a conflict and a retry
/// per change. Each caller's task ends when the write holding its change does, and fails with it.
/// </summary>
public sealed class WriteCoalescer<TChange>
{
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds <paramref name="change"/> to the next write of <paramref name="key"/>. <paramref name="write"/> applies a
    /// batch of changes; it must depend only on the key and the changes, as any caller's delegate may run a batch.
    /// </summary>
    public Task ApplyAsync(string key, TChange change, Func<IReadOnlyList<TChange>, Task> write, CancellationToken cancellationToken)
    {
        Batch batch;
        bool start;
        lock (_slots)
        {
            if (!_slots.TryGetValue(key, out var slot))
            {
                _slots[key] = slot = new Slot();
            }
            batch = slot.Waiting ??= new Batch();
            batch.Changes.Add(change);
            start = !slot.Writing;
            slot.Writing = true;
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
            lock (_slots)
            {
                var slot = _slots[key];
                batch = slot.Waiting;
                slot.Waiting = null;
                if (batch is null)
                {
                    _slots.Remove(key);
                    return;
                }
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

    private sealed class Slot
    {
        public Batch? Waiting { get; set; }
        public bool Writing { get; set; }
    }

    private sealed class Batch
    {
        public List<TChange> Changes { get; } = [];
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
