namespace BudapestPost.DevHost.Blobs;

/// <summary>
/// Blob versions waiting for one of the dispatcher's slots, in one queue per function, so each function watching a
/// container progresses on its own. A free slot goes to the function with waiting work that holds the fewest slots
/// (among equals, the one served longest ago): a function alone uses every slot, and functions with backlogs share
/// them evenly, so a quick function never waits for a slow one's backlog.
/// A version is held from the moment it is queued until it is done, through its retries, so it is never queued twice.
/// </summary>
public sealed class BlobWorkQueue
{
    private readonly object _gate = new();
    private readonly List<FunctionWork> _rotation = [];
    private readonly HashSet<string> _held = [];
    // Counts the versions waiting in all queues: a slot that passes it always finds one.
    private readonly SemaphoreSlim _waiting = new(0);
    private int _next;

    /// <summary>Versions held: waiting, running, or between a failed attempt and its retry.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _held.Count;
            }
        }
    }

    public bool IsHeld(BlobWorkItem item)
    {
        lock (_gate)
        {
            return _held.Contains(item.Key);
        }
    }

    /// <summary>Queues a blob version unless it is already held.</summary>
    public bool TryAdd(BlobWorkItem item)
    {
        lock (_gate)
        {
            if (!_held.Add(item.Key))
            {
                return false;
            }
            Work(item).Waiting.Enqueue(item);
        }
        _waiting.Release();
        return true;
    }

    /// <summary>Queues a held version again for its next attempt.</summary>
    public void Retry(BlobWorkItem item)
    {
        lock (_gate)
        {
            Work(item).Waiting.Enqueue(item);
        }
        _waiting.Release();
    }

    /// <summary>Waits for a version and gives it a slot; <see cref="Release"/> gives the slot back.</summary>
    public async Task<BlobWorkItem> TakeAsync(CancellationToken cancellationToken)
    {
        await _waiting.WaitAsync(cancellationToken);
        lock (_gate)
        {
            FunctionWork? chosen = null;
            for (var i = 0; i < _rotation.Count; i++)
            {
                var candidate = _rotation[(_next + i) % _rotation.Count];
                if (candidate.Waiting.Count > 0 && (chosen is null || candidate.Running < chosen.Running))
                {
                    chosen = candidate;
                }
            }
            _next = (_rotation.IndexOf(chosen!) + 1) % _rotation.Count;
            chosen!.Running++;
            return chosen.Waiting.Dequeue();
        }
    }

    /// <summary>Gives back the slot of a taken version; one that is done is no longer held, one to be retried stays held.</summary>
    public void Release(BlobWorkItem item, bool done)
    {
        lock (_gate)
        {
            Work(item).Running--;
            if (done)
            {
                _held.Remove(item.Key);
            }
        }
    }

    private FunctionWork Work(BlobWorkItem item)
    {
        if (_rotation.Find(work => work.Function == item.Function.Name) is not { } work)
        {
            work = new FunctionWork(item.Function.Name);
            _rotation.Add(work);
        }
        return work;
    }

    private sealed class FunctionWork(string function)
    {
        public string Function { get; } = function;
        public Queue<BlobWorkItem> Waiting { get; } = new();
        public int Running { get; set; }
    }
}
