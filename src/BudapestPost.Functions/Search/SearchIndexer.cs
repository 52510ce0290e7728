using System.Diagnostics;
using Azure;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Search;

/// <summary>Keeps the search index in step with the article files.</summary>
/// <remarks>
/// <para>Writers take turns under a blob lease on <c>index/.lock</c>, and the files are read under
/// it: so whichever pass for a slug runs last indexes the newest upload, whatever order events
/// arrive in, and two instances indexing at once each commit on top of the other. The commit point
/// is also saved only if it did not move (a holder whose lease ran out gets 412 and tries again
/// from the newer commit), so no change is lost even then.</para>
/// <para>The blob trigger records its file as pending (<see cref="PendingFiles"/>) and leaves it to
/// whichever pass holds the lease (<see cref="PendingFilePasses"/>): one pass indexes up to a
/// thousand files in one commit, and a timer drains what a crashed holder left every minute.</para>
/// </remarks>
public sealed class SearchIndexer(
    SearchIndexBlobs index,
    SearchReplica replica,
    ArticleFiles files,
    PendingFiles pending,
    ILogger<SearchIndexer> logger)
{
    /// <summary>The partition of <see cref="PendingFiles"/> that holds files changed but not yet indexed.</summary>
    public const string PendingKind = "search";

    private const int MaxAttempts = 5;
    private const int MaxFilesPerPass = 1000;

    private PendingFilePasses? _passes;

    // Made on first use: a field initializer cannot name this instance's pass. During a burst a pass starts
    // at most once per replica refresh: a commit more often is seen no sooner, and each one retires files.
    private PendingFilePasses Passes =>
        LazyInitializer.EnsureInitialized(ref _passes, () => new PendingFilePasses(pending, PendingKind, TryIndexAsync, MaxFilesPerPass, SearchReplica.RefreshInterval));

    /// <summary>
    /// Indexes the current content of one article file, waiting for the writers' lease: a published
    /// article replaces its document; a draft, a retraction or a deleted file removes it; a file that
    /// does not parse, or is dated ahead, changes nothing (the published version stays, as in the catalog). Returns
    /// whether a commit was made.
    /// </summary>
    public Task<bool> ApplyAsync(string blobName, CancellationToken cancellationToken) => ApplyAsync([blobName], cancellationToken);

    /// <summary>Indexes the current content of every file as <see cref="ApplyAsync(string, CancellationToken)"/> does, in one commit.</summary>
    public async Task<bool> ApplyAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken) =>
        await IndexAsync(blobNames, wait: true, cancellationToken) is > 0;

    /// <summary>Records that <paramref name="blobName"/> changed, then indexes what is pending unless another pass already is.</summary>
    public Task SubmitAsync(string blobName, CancellationToken cancellationToken) =>
        ArticleFiles.SlugOf(blobName) is null ? Task.CompletedTask : Passes.SubmitAsync(blobName, cancellationToken);

    /// <summary>Indexes pending files, pass after pass, until none is left, the time is up, or another pass has the turn.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => Passes.DrainAsync(cancellationToken);

    private async Task<bool> TryIndexAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken) =>
        await IndexAsync(blobNames, wait: false, cancellationToken) is not null;

    /// <summary>
    /// Indexes the files' current content in one commit under the writers' lease; returns how many
    /// documents changed, or null when <paramref name="wait"/> is false and another instance holds the lease.
    /// </summary>
    private async Task<int?> IndexAsync(IReadOnlyList<string> blobNames, bool wait, CancellationToken cancellationToken)
    {
        if (blobNames.All(name => ArticleFiles.SlugOf(name) is null))
        {
            logger.LogInformation("{BlobNames} named like no article file; search index unchanged", string.Join(", ", blobNames));
            return 0;
        }
        var started = Stopwatch.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var lease = wait
                    ? await BlobLeaseLock.AcquireAsync(index.LockBlob, cancellationToken)
                    : await BlobLeaseLock.TryAcquireAsync(index.LockBlob, cancellationToken);
                if (lease is null)
                {
                    return null;
                }
                var changed = 0;
                await replica.ChangeAsync(async (editor, ct) =>
                {
                    changed = editor.Apply(await ReadAllAsync(blobNames, ct));
                    return changed > 0;
                }, cancellationToken);
                logger.LogInformation("Search index: {Files} article files read, {Changed} documents changed in {ElapsedMs} ms",
                    blobNames.Count, changed, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                return changed;
            }
            catch (RequestFailedException exception) when (attempt < MaxAttempts && ConditionalWrite.LostRace(exception))
            {
                logger.LogWarning("Search index moved underneath (attempt {Attempt}); retrying from the new commit", attempt);
            }
        }
    }

    /// <summary>The changes the files make: each valid article, or null for a file that is gone; invalid files are left out.</summary>
    private async Task<List<(string Slug, Article? Article)>> ReadAllAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken)
    {
        var changes = new List<(string Slug, Article? Article)>(blobNames.Count);
        foreach (var state in await files.ReadStatesAsync(blobNames, cancellationToken))
        {
            switch (state)
            {
                case ArticleFileState.Valid valid:
                    changes.Add((valid.Article.Slug, valid.Article));
                    break;
                case ArticleFileState.Gone gone:
                    changes.Add((gone.Slug, null));
                    break;
                case ArticleFileState.Scheduled scheduled:
                    logger.LogInformation("{BlobName} waits until {At:u}; search index unchanged until then", scheduled.BlobName, scheduled.At);
                    break;
                default:
                    logger.LogInformation("{BlobName} is not an article file or not a valid article; search index unchanged", state.BlobName);
                    break;
            }
        }
        return changes;
    }
}
