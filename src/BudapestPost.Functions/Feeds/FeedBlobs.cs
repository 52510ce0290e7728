using System.IO.Compression;
using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feeds;

/// <summary>A stored file of the feeds: a state or a placement.</summary>
public sealed record StoredFile(string Path, byte[] Content, string ContentType);

/// <summary>A rendered file as a GET serves it, with a strong ETag over its bytes.</summary>
public sealed record ServedFile(byte[] Content, string ContentType, string ETag)
{
    public long SizeInBytes => Content.Length + 2L * (ContentType.Length + ETag.Length);
}

/// <summary>
/// A file a GET serves (<paramref name="Path"/> is its route under <c>/api/</c>): the state blob it is rendered
/// from, the states that one names which it is rendered from too (<paramref name="StatesBehind"/>: a sitemap
/// month's days, the sitemap index's months), and its rendering of them (null when they have no such file, such
/// as a sitemap page past the month's last). A state behind that is missing is rendered as empty (no bytes). With
/// <paramref name="ServedWithoutState"/>, a state never written is rendered as empty instead of making the file missing.
/// </summary>
public sealed record Rendering(
    string Path,
    string ContentType,
    string StatePath,
    Func<ReadOnlyMemory<byte>, IReadOnlyList<ReadOnlyMemory<byte>>, Task<byte[]?>> Render,
    bool ServedWithoutState = false,
    Func<ReadOnlyMemory<byte>, IEnumerable<string>>? StatesBehind = null);

/// <summary>
/// Feed and sitemap states in the <c>indexes</c> container: small JSON documents that the GET functions
/// render into RSS, Atom, JSON Feed and sitemap XML when they are read.
/// </summary>
/// <remarks>
/// Only states are stored, so a change to a feed is one write, not four. A publish rewrites whole states, so
/// they are stored gzip-compressed (<c>Content-Encoding: gzip</c>), less than half of their JSON. A state
/// changes under optimistic concurrency (If-Match its ETag, retried on a conflict): every publish touches the
/// site-wide feed, and a lease would make them queue for nothing. Within an instance, concurrent changes to one state are merged
/// into one write (<see cref="WriteCoalescer{TChange}"/>), so a burst of publishes costs the shared states
/// (site-wide feed, news sitemap, current day and month) one write per round, not a conflict and a retry per
/// publish. A state is kept as this instance last committed or read it (absent included), so a commit reads
/// storage only when another instance has written the state since (the condition fails) or it was not kept.
/// </remarks>
public sealed class FeedBlobs(BlobServiceClient blobs, IOptions<StorageOptions> options, ReadThroughCache cache) : IDisposable
{
    // A feed's state holds where its entries sort and which versions they show, about 10 KB; a sitemap day
    // its day's URLs, about 25 KB for a hundred articles. A state not kept costs one read when it is next changed.
    private const long KnownStatesBytes = 32 * 1024 * 1024;

    private const string Gzip = "gzip";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Value.IndexesContainer);

    private readonly WriteCoalescer<Change> _coalescer = new();
    private readonly LastSeen<StateVersion> _known = new(KnownStatesBytes, version => version.Content?.ToMemory().Length ?? 0);

    /// <summary>
    /// Applies <paramref name="change"/> to a state and commits it when it changes anything, together with the
    /// changes to the same state that other callers of this instance make meanwhile. Returns the bytes written
    /// (0 when <paramref name="change"/> changed nothing). <paramref name="save"/> returns null for a state that
    /// is to be deleted (an emptied sitemap day). <paramref name="load"/> and <paramref name="save"/> must be the
    /// same for every caller of one path, as any caller's may run a batch.
    /// </summary>
    public async Task<long> UpdateAsync<TState>(
        string statePath,
        Func<BinaryData?, TState> load,
        Func<TState, Task<bool>> change,
        Func<TState, byte[]?> save,
        CancellationToken cancellationToken)
        where TState : class
    {
        var mine = new Change(state => change((TState)state));
        // The batch is shared, so no one caller's cancellation stops it; each caller stops waiting on its own.
        await _coalescer.ApplyAsync(statePath, mine, batch => CommitAsync(statePath, load, batch, save, CancellationToken.None), cancellationToken);
        return mine.Written;
    }

    /// <summary>A file's content, or null when there is none.</summary>
    public async Task<BinaryData?> ReadAsync(string path, CancellationToken cancellationToken) =>
        (await DownloadAsync(path, cancellationToken))?.Content;

    /// <summary>
    /// A rendered file for a GET, or null when there is none. The states come from the read cache: feed readers
    /// poll the same few files all day, and each state costs storage one read per <see cref="ReadCacheOptions.FreshFor"/>
    /// per instance (shared by the files rendered from it). The states behind the first are read side by side once it
    /// is read, so a file rendered from n states costs two round trips and n reads when none is in memory. A rendering
    /// is kept under its states' ETags, so unchanged states are rendered once (with the published versions they name,
    /// see <see cref="FeedRenderer"/>). A change shows within that bound (at once on the instance that wrote it).
    /// </summary>
    public async Task<ServedFile?> ReadServedAsync(Rendering rendering, CancellationToken cancellationToken)
    {
        var state = await ReadFreshAsync(rendering.StatePath, cancellationToken);
        if (state is null && !rendering.ServedWithoutState)
        {
            return null;
        }
        var content = Content(state);
        var behind = rendering.StatesBehind is null
            ? []
            : await Task.WhenAll(rendering.StatesBehind(content).Select(path => ReadFreshAsync(path, cancellationToken)));
        var etags = string.Join(',', behind.Prepend(state).Select(read => read?.ETag.ToString() ?? "none"));
        return await cache.GetOrLoadAsync($"feeds/{rendering.Path}@{etags}",
            async () => await rendering.Render(content, behind.Select(Content).ToList()) is { } file
                ? new ServedFile(file, rendering.ContentType, HttpCaching.StrongETag(Convert.ToHexString(SHA256.HashData(file))))
                : null,
            file => file?.SizeInBytes ?? 0, cancellationToken);
    }

    /// <summary>Writes a file whatever is stored; returns the bytes written.</summary>
    public async Task<long> WriteAsync(StoredFile file, CancellationToken cancellationToken)
    {
        _known.Forget(file.Path);
        return (await WriteAsync(file, null, cancellationToken)).Bytes;
    }

    public void Dispose() => _known.Dispose();

    // Apply every change to the state as last seen here (or as read now), commit if any changed it; on a
    // conflict with another instance, again from a fresh read.
    private async Task CommitAsync<TState>(
        string statePath, Func<BinaryData?, TState> load, IReadOnlyList<Change> changes, Func<TState, byte[]?> save, CancellationToken cancellationToken)
        where TState : class
    {
        while (true)
        {
            var current = _known.Find(statePath) ?? await ReadVersionAsync(statePath, cancellationToken);
            var state = load(current.Content);
            foreach (var change in changes)
            {
                change.Changed = await change.Apply(state);
            }
            if (!changes.Any(change => change.Changed))
            {
                return;
            }

            var content = save(state);
            if (content is null && current.Content is null)
            {
                return;
            }
            var commit = current.Content is null
                ? new BlobRequestConditions { IfNoneMatch = ETag.All }
                : new BlobRequestConditions { IfMatch = current.ETag };
            if (await TryCommitAsync(statePath, content, commit, cancellationToken) is { } written)
            {
                foreach (var change in changes.Where(change => change.Changed))
                {
                    change.Written = written;
                }
                return;
            }
        }
    }

    // Remembered even when the state is absent or unchanged: a state no publish changes (the news sitemap of an
    // archive import) then costs no read either.
    private async Task<StateVersion> ReadVersionAsync(string statePath, CancellationToken cancellationToken)
    {
        var version = await DownloadAsync(statePath, cancellationToken) ?? StateVersion.Absent;
        _known.Remember(statePath, version);
        return version;
    }

    // The bytes written (none for a deletion), or null when another writer got there first.
    private async Task<long?> TryCommitAsync(string statePath, byte[]? content, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        try
        {
            if (content is null)
            {
                await _container.GetBlobClient(statePath).DeleteAsync(DeleteSnapshotsOption.None, conditions, cancellationToken);
                cache.Forget(StateKey(statePath));
                _known.Remember(statePath, StateVersion.Absent);
                return 0;
            }
            var (etag, bytes) = await WriteAsync(new StoredFile(statePath, content, "application/json"), conditions, cancellationToken);
            _known.Remember(statePath, new StateVersion(new BinaryData(content), etag));
            return bytes;
        }
        // A state deleted since it was committed here fails its If-Match as not found: a lost race too.
        catch (RequestFailedException exception) when (ConditionalWrite.LostRace(exception))
        {
            _known.Forget(statePath);
            return null;
        }
    }

    // A file stored without an encoding is read as it is.
    private async Task<StateVersion?> DownloadAsync(string path, CancellationToken cancellationToken)
    {
        if (await BlobDownloads.IfExistsAsync(_container.GetBlobClient(path), cancellationToken) is not { } read)
        {
            return null;
        }
        if (read.Details.ContentEncoding != Gzip)
        {
            return new StateVersion(read.Content, read.Details.ETag);
        }
        using var unzipped = new MemoryStream();
        using (var zipped = new GZipStream(read.Content.ToStream(), CompressionMode.Decompress))
        {
            zipped.CopyTo(unzipped);
        }
        return new StateVersion(new BinaryData(unzipped.ToArray()), read.Details.ETag);
    }

    private Task<StateVersion?> ReadFreshAsync(string path, CancellationToken cancellationToken) =>
        cache.GetOrLoadFreshAsync(StateKey(path), () => DownloadAsync(path, CancellationToken.None),
            state => state?.Content?.ToMemory().Length ?? 0, cancellationToken);

    private static ReadOnlyMemory<byte> Content(StateVersion? state) => state?.Content?.ToMemory() ?? ReadOnlyMemory<byte>.Empty;

    private static string StateKey(string path) => "feeds/" + path;

    private async Task<(ETag ETag, long Bytes)> WriteAsync(StoredFile file, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        using var zipped = new MemoryStream();
        using (var zipping = new GZipStream(zipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            zipping.Write(file.Content);
        }
        var written = await _container.GetBlobClient(file.Path).UploadAsync(
            new BinaryData(zipped.GetBuffer().AsMemory(0, (int)zipped.Length)),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = file.ContentType, ContentEncoding = Gzip }, Conditions = conditions },
            cancellationToken);
        // This instance's readers see what it wrote at once; the others within FreshFor.
        cache.Forget(StateKey(file.Path));
        return (written.Value.ETag, zipped.Length);
    }

    /// <summary>A state's content with the ETag it was stored under; no content when there is no such state.</summary>
    private sealed record StateVersion(BinaryData? Content, ETag ETag)
    {
        public static readonly StateVersion Absent = new(null, default);
    }

    /// <summary>One caller's change in a batch, and what its batch's commit wrote for it.</summary>
    private sealed class Change(Func<object, Task<bool>> apply)
    {
        public Func<object, Task<bool>> Apply { get; } = apply;

        public bool Changed { get; set; }

        public long Written { get; set; }
    }
}
