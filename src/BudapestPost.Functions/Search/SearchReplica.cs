using Azure;
using BudapestPost.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace BudapestPost.Functions.Search;

/// <summary>
/// This instance's copy of the search index, in a local temporary folder, which serves every
/// query; and the only way this instance changes the index.
/// </summary>
/// <remarks>
/// <para>
/// Freshness: a query checks the commit point at most every <see cref="RefreshInterval"/> (one
/// conditional GET, usually a 304), so it sees every commit saved more than that before it, plus
/// the time to download the new files. A cold instance downloads the whole index once, on its
/// first query; after that only the files a commit added.
/// </para>
/// <para>
/// One gate per instance orders refreshes and changes on the local folder; queries never wait for
/// it except on a cold start. Readers are reference-counted by Lucene's SearcherManager, so a
/// query keeps the commit it started on while a newer one opens. Lucene files are opened
/// memory-mapped: the index lives in the OS page cache, not on the managed heap.
/// </para>
/// </remarks>
public sealed class SearchReplica(SearchIndexBlobs blobs, TimeProvider time, ILogger<SearchReplica> logger) : IDisposable
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(5);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "budapestpost-search", Guid.NewGuid().ToString("N"));
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _folder;
    private FSDirectory? _directory;
    private SearcherManager? _searchers;
    private SearchIndexEditor? _editor;
    private SearchCommit? _commit;
    private ETag? _etag;
    private DateTimeOffset? _checkedAt;

    /// <summary>A point-in-time view of the index, current within <see cref="RefreshInterval"/>; dispose it when done.</summary>
    public async Task<SearchView> OpenAsync(CancellationToken cancellationToken)
    {
        await RefreshIfDueAsync(cancellationToken);
        return SearchView.Acquire(_searchers);
    }

    /// <summary>
    /// Brings the local index to the stored commit, runs <paramref name="change"/> on it, and when it
    /// reports a change publishes the new commit: its new files, then the commit point, on condition
    /// that nobody committed meanwhile (a 412 otherwise; the caller retries from the new commit).
    /// The caller holds the writers' lease. The editor stays open while no other instance commits
    /// (a writer's open costs more with every segment). After a failure the local copy is
    /// discarded and downloaded again, so a half-made local commit never outlives the attempt.
    /// </summary>
    public async Task<bool> ChangeAsync(Func<SearchIndexEditor, CancellationToken, Task<bool>> change, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await SyncAsync(await blobs.ReadCommitAsync(_etag, cancellationToken), cancellationToken);
            _editor ??= new SearchIndexEditor(OpenDirectory());
            if (!await change(_editor, cancellationToken))
            {
                return false;
            }
            await PublishAsync(cancellationToken);
            Refresh();
            return true;
        }
        catch
        {
            Discard();
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        Discard();
        _gate.Dispose();
        TryDelete(() => System.IO.Directory.Delete(_root, recursive: true));
    }

    private async Task RefreshIfDueAsync(CancellationToken cancellationToken)
    {
        if (_checkedAt is { } checkedAt && time.GetUtcNow() - checkedAt < RefreshInterval)
        {
            return;
        }
        // A cold instance waits for its first copy; a warm one keeps serving the commit it has
        // while another query or a change is already bringing it up to date.
        if (_checkedAt is null)
        {
            await _gate.WaitAsync(cancellationToken);
        }
        else if (!_gate.Wait(0))
        {
            return;
        }
        try
        {
            if (_checkedAt is null || time.GetUtcNow() - _checkedAt >= RefreshInterval)
            {
                await SyncAsync(await blobs.ReadCommitAsync(_etag, cancellationToken), cancellationToken);
            }
        }
        catch (Exception exception) when (_searchers is not null && exception is RequestFailedException or HttpRequestException)
        {
            // Storage is unreachable: a replica that has a copy keeps answering from it, a little stale.
            logger.LogWarning(exception, "Search replica could not check for a new commit; serving the one it has");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Downloads the files of <paramref name="read"/>'s commit this instance lacks, drops the rest, and opens it.</summary>
    private async Task SyncAsync(CommitRead read, CancellationToken cancellationToken)
    {
        _checkedAt = time.GetUtcNow();
        if (read.NotModified || read.Commit is not { } commit)
        {
            return;
        }

        // Another instance committed: the open writer's view is stale.
        _editor?.Dispose();
        _editor = null;
        var folder = IndexFolder();
        var missing = commit.Files.Where(file => !HasLocal(folder, file)).ToList();
        foreach (var file in missing)
        {
            var staged = Path.Combine(_root, file.Name + ".download");
            await blobs.DownloadAsync(file, staged, cancellationToken);
            File.Move(staged, Path.Combine(folder, file.Name), overwrite: true);
        }
        var wanted = commit.Files.Select(file => file.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in System.IO.Directory.EnumerateFiles(folder).Where(path => !wanted.Contains(Path.GetFileName(path))))
        {
            TryDelete(() => File.Delete(stale));
        }
        _commit = commit;
        _etag = read.ETag;
        OpenDirectory();
        Refresh();
        logger.LogInformation("Search replica at generation {Generation}: downloaded {Missing} of {Files} files",
            commit.Generation, missing.Count, commit.Files.Count);
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        var local = DirectoryReader.ListCommits(_directory)[^1];
        var stored = _commit?.Files.ToDictionary(file => file.Name, StringComparer.Ordinal) ?? [];
        var folder = IndexFolder();
        var files = await Task.WhenAll(local.FileNames.Order(StringComparer.Ordinal).Select(name =>
            stored.TryGetValue(name, out var file) && HasLocal(folder, file)
                ? Task.FromResult(file)
                : blobs.UploadAsync(Path.Combine(folder, name), cancellationToken)));
        var (commit, deletable) = SearchCommit.Succeed(_commit, local.Generation, files, time.GetUtcNow());

        // Deleted before the save: until it, the stored commit still lists them, so a crash in between leaves
        // them for the next commit to delete again rather than in storage for good.
        await blobs.DeleteAsync(deletable, cancellationToken);
        _etag = await blobs.SaveCommitAsync(commit, _etag, cancellationToken);
        var uploaded = files.Count(file => !stored.ContainsKey(file.Name) || stored[file.Name].Blob != file.Blob);
        _commit = commit;
        logger.LogInformation("Search index committed generation {Generation}: uploaded {New} of {Files} files, deleted {Deleted} retired",
            commit.Generation, uploaded, files.Length, deletable.Count);
    }

    private LuceneDirectory OpenDirectory() => _directory ??= FSDirectory.Open(IndexFolder());

    private void Refresh()
    {
        if (_searchers is not null)
        {
            _searchers.MaybeRefreshBlocking();
        }
        else if (_directory is not null && DirectoryReader.IndexExists(_directory))
        {
            _searchers = new SearcherManager(_directory, null);
        }
    }

    private string IndexFolder()
    {
        _folder ??= Path.Combine(_root, Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(_folder);
        return _folder;
    }

    private void Discard()
    {
        _editor?.Dispose();
        _searchers?.Dispose();
        _directory?.Dispose();
        if (_folder is { } folder)
        {
            TryDelete(() => System.IO.Directory.Delete(folder, recursive: true));
        }
        (_editor, _searchers, _directory, _folder, _commit, _etag, _checkedAt) = (null, null, null, null, null, null, null);
    }

    private static bool HasLocal(string folder, IndexFile file) =>
        new FileInfo(Path.Combine(folder, file.Name)) is { Exists: true } local && local.Length == file.Length;

    /// <summary>Where open files cannot be deleted (Windows), a file still in use is left for the next sync.</summary>
    private static void TryDelete(Action delete)
    {
        try
        {
            delete();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>One acquired searcher (or none: nothing indexed yet) and the commit it shows.</summary>
public sealed class SearchView : IDisposable
{
    private readonly SearcherManager? _searchers;
    private readonly IndexSearcher? _searcher;

    private SearchView(SearcherManager? searchers, IndexSearcher? searcher, string version) =>
        (_searchers, _searcher, Version) = (searchers, searcher, version);

    /// <summary>Changes whenever the commit does: with the query, it makes the response's ETag.</summary>
    public string Version { get; }

    internal static SearchView Acquire(SearcherManager? searchers)
    {
        if (searchers is null)
        {
            return new SearchView(null, null, "empty");
        }
        var searcher = searchers.Acquire();
        return new SearchView(searchers, searcher, "v" + ((DirectoryReader)searcher.IndexReader).Version);
    }

    public SearchResults Search(SearchRequest request) =>
        _searcher is null ? SearchResults.Empty : new ArticleSearcher(_searcher).Search(request);

    public IReadOnlyList<TitleSuggestion> Suggest(string prefix) =>
        _searcher is null ? [] : new ArticleSearcher(_searcher).Suggest(prefix);

    public void Dispose()
    {
        if (_searcher is not null)
        {
            _searchers!.Release(_searcher);
        }
    }
}
