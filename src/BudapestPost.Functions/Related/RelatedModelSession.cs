using BudapestPost.Core.Related;

namespace BudapestPost.Functions.Related;

/// <summary>
/// Turn-taking over the related model: holds the model lease from <see cref="RelatedModelStore.OpenAsync"/>
/// until disposed. Change <see cref="Index"/>, write the lists it reports, then
/// <see cref="CommitAsync"/> or <see cref="ReplaceAsync"/>: the lists are written before the model
/// records them, so a crash in between is redone by the retry.
/// </summary>
public sealed class RelatedModelSession : IAsyncDisposable
{
    private readonly RelatedModelStore _store;
    private readonly IAsyncDisposable _lease;
    private bool _committed;

    internal RelatedModelSession(RelatedModelStore store, RelatedIndex index, IAsyncDisposable lease)
    {
        _store = store;
        _lease = lease;
        Index = index;
    }

    /// <summary>The current model, caught up with storage.</summary>
    public RelatedIndex Index { get; }

    /// <summary>Records the current state of the changed articles (in the order they were applied).</summary>
    public async Task CommitAsync(IReadOnlyCollection<string> changedSlugs, CancellationToken cancellationToken)
    {
        await _store.CommitAsync(changedSlugs, cancellationToken);
        _committed = true;
    }

    /// <summary>Makes a rebuilt model the stored one.</summary>
    public async Task ReplaceAsync(RelatedIndex rebuilt, CancellationToken cancellationToken)
    {
        await _store.ReplaceAsync(rebuilt, cancellationToken);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _lease.DisposeAsync();
        }
        finally
        {
            _store.Close(_committed);
        }
    }
}
