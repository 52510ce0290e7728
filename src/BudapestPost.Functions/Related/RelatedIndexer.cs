using System.Diagnostics;
using Azure;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>Keeps the related-article model and the rendered lists in step with the article files.</summary>
/// <remarks>
/// <para>Files changed while another pass holds the model are coalesced: the next pass applies all of
/// them under one lease, with one journal append, so a burst of uploads costs far fewer turns
/// than files.</para>
/// <para>The blob trigger goes further (<see cref="SubmitAsync"/>): it records its file as pending
/// and leaves it to whichever pass holds the model (<see cref="PendingFilePasses"/>); a timer drains
/// what a crashed holder left every minute.</para>
/// </remarks>
public sealed class RelatedIndexer(
    RelatedModelStore model,
    RelatedListWriter lists,
    ArticleFiles files,
    PendingFiles pending,
    IOptions<RelatedOptions> options,
    ILogger<RelatedIndexer> logger)
{
    /// <summary>The partition of <see cref="PendingFiles"/> that holds files changed but not yet in the model.</summary>
    public const string PendingKind = "related";
    private const int MaxAttempts = 5;

    // A journal append is one block (at most 4 MiB); a change record is about a kilobyte per file.
    private const int MaxFilesPerPass = 1000;

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly object _pendingLock = new();
    private Dictionary<string, TaskCompletionSource<IndexChanges>> _pending = new(StringComparer.Ordinal);
    private PendingFilePasses? _passes;

    // Made on first use: a field initializer cannot name this instance's pass. Passes follow each other at
    // once: a publish's list is due within two seconds, and lists written twice in a burst cost little.
    private PendingFilePasses Passes =>
        LazyInitializer.EnsureInitialized(ref _passes, () => new PendingFilePasses(pending, PendingKind, TryApplyPassAsync, MaxFilesPerPass, passInterval: TimeSpan.Zero));

    /// <summary>
    /// Indexes the current state of one article file: its content, or, when it is gone, its
    /// removal from the corpus and from every list. The file is read under the model lease, so
    /// whichever pass runs last indexes the newest upload, whatever order events arrive in. An
    /// invalid file, or one dated ahead (until its time), changes nothing. Returns what the pass that included the file changed.
    /// </summary>
    public async Task<IndexChanges> ApplyAsync(string blobName, CancellationToken cancellationToken)
    {
        TaskCompletionSource<IndexChanges>? done;
        lock (_pendingLock)
        {
            if (!_pending.TryGetValue(blobName, out done))
            {
                done = new TaskCompletionSource<IndexChanges>(TaskCreationOptions.RunContinuationsAsynchronously);
                _pending.Add(blobName, done);
            }
        }
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (!done.Task.IsCompleted)
            {
                await ApplyPendingAsync(cancellationToken);
            }
        }
        finally
        {
            _turn.Release();
        }
        return await done.Task;
    }

    /// <summary>Records that <paramref name="blobName"/> changed, then indexes what is pending unless another pass already is.</summary>
    public Task SubmitAsync(string blobName, CancellationToken cancellationToken) =>
        ArticleFiles.SlugOf(blobName) is null ? Task.CompletedTask : Passes.SubmitAsync(blobName, cancellationToken);

    /// <summary>Indexes pending files, pass after pass, until none is left, the time is up, or another pass has the turn.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => Passes.DrainAsync(cancellationToken);

    /// <summary>One pass over pending files under the model lease; false when another instance holds it.</summary>
    private async Task<bool> TryApplyPassAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken)
    {
        await using var session = await model.TryOpenAsync(cancellationToken);
        if (session is null)
        {
            return false;
        }
        await ApplyAsync(session, blobNames, cancellationToken);
        return true;
    }

    /// <summary>
    /// Rebuilds the model from every valid article file with fresh term statistics and rewrites
    /// the lists that differ. The same <see cref="RelatedIndex.Build"/> the benchmarks measure.
    /// </summary>
    public async Task<IndexChanges> ReindexAsync(CancellationToken cancellationToken)
    {
        await using var session = await model.OpenAsync(cancellationToken);
        var articles = await files.ReadAllArticlesAsync(cancellationToken);
        var rebuilt = RelatedIndex.Build(articles, options.Value);
        var changes = RelatedIndex.Differences(session.Index, rebuilt);
        await lists.WriteAsync(rebuilt, changes, cancellationToken);
        await session.ReplaceAsync(rebuilt, cancellationToken);
        logger.LogInformation("Reindexed {Count} articles: {RelatedLists} related lists rewritten, {RemovedLists} removed",
            articles.Count, changes.RelatedLists.Count, changes.RemovedLists.Count);
        return changes;
    }

    private async Task ApplyPendingAsync(CancellationToken cancellationToken)
    {
        Dictionary<string, TaskCompletionSource<IndexChanges>> batch;
        lock (_pendingLock)
        {
            batch = _pending;
            _pending = new(StringComparer.Ordinal);
        }
        try
        {
            var names = batch.Keys.Order(StringComparer.Ordinal).ToArray();
            var changes = await ApplyWithRetriesAsync(names, cancellationToken);
            foreach (var done in batch.Values)
            {
                done.SetResult(changes);
            }
        }
        catch (Exception exception)
        {
            foreach (var done in batch.Values)
            {
                done.SetException(exception);
            }
        }
    }

    private async Task<IndexChanges> ApplyWithRetriesAsync(string[] blobNames, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyOnceAsync(blobNames, cancellationToken);
            }
            catch (RequestFailedException exception) when (attempt < MaxAttempts && ConditionalWrite.LostRace(exception))
            {
                logger.LogWarning("Related model changed underneath (attempt {Attempt}); retrying from a fresh read", attempt);
            }
        }
    }

    private async Task<IndexChanges> ApplyOnceAsync(string[] blobNames, CancellationToken cancellationToken)
    {
        await using var session = await model.OpenAsync(cancellationToken);
        return await ApplyAsync(session, blobNames, cancellationToken);
    }

    /// <summary>Reads the files under the session's lease, applies them, writes the lists they change, then commits.</summary>
    private async Task<IndexChanges> ApplyAsync(RelatedModelSession session, IReadOnlyList<string> blobNames, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var sources = await files.ReadStatesAsync(blobNames, cancellationToken);
        var changes = IndexChanges.None;
        var changed = new List<string>();
        foreach (var (name, file) in blobNames.Zip(sources))
        {
            var (slug, change) = file switch
            {
                ArticleFileState.Valid valid => (valid.Article.Slug, session.Index.Upsert(valid.Article)),
                ArticleFileState.Gone gone => (gone.Slug, session.Index.Remove(gone.Slug)),
                _ => (name, IndexChanges.None),
            };
            if (!change.IsEmpty)
            {
                changed.Add(slug);
                changes = changes.Then(change, session.Index);
            }
        }
        await lists.WriteAsync(session.Index, changes, cancellationToken);
        await session.CommitAsync(changed, cancellationToken);

        logger.LogInformation(
            "Indexed {Files} article files ({Changed} changed): {RelatedLists} related lists written, {RemovedLists} removed in {ElapsedMs} ms",
            blobNames.Count, changed.Count, changes.RelatedLists.Count, changes.RemovedLists.Count,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return changes;
    }
}
