using System.IO.Compression;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>
/// The related engine's corpus model: a checkpoint <c>indexes/model/related.bin.gz</c> plus a
/// journal of changes since it (<c>model/journal/{generation}.bin</c>, an append blob), kept in
/// memory per indexing instance and caught up from the journal's tail.
/// </summary>
/// <remarks>
/// <para>A change costs one journal append of the articles it changed (about a kilobyte each),
/// and another instance catches up by reading just the appended tail: storage traffic per publish
/// does not grow with the corpus. Once the journal is half the checkpoint's size it is folded into
/// a new checkpoint (the next generation); that rewrite happens once per that many bytes of
/// journal, so its cost per publish is bounded too. An instance that was caught up with the old
/// generation reads the rest of the old journal instead of the new checkpoint.</para>
/// <para>Changes take turns under a blob lease on <c>model/.lock</c>, held by a
/// <see cref="RelatedModelSession"/>: the lease also orders the list writes the same way as the
/// model versions, so a slower instance never overwrites a list with an older one. Appends are
/// conditional on the journal length that was read and checkpoints on the ETag that was read, so a
/// holder whose lease lapsed fails (409/412) instead of losing someone else's change.</para>
/// </remarks>
public sealed class RelatedModelStore(
    BlobServiceClient blobs,
    IOptions<StorageOptions> storage,
    IOptions<RelatedOptions> options,
    ILogger<RelatedModelStore> logger)
{
    public const string CheckpointBlobName = "model/related.bin.gz";
    public const string LockBlobName = "model/.lock";
    private const string GenerationKey = "generation";
    private const string ContinuesKey = "continues";
    private const long MinJournalBytes = 256 * 1024;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(storage.Value.IndexesContainer);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LoadedModel? _loaded;

    public static string JournalBlobName(long generation) => $"model/journal/{generation:D10}.bin";

    /// <summary>
    /// Takes the model lease and catches the in-memory model up with storage. Change
    /// <see cref="RelatedModelSession.Index"/>, write what it renders, then commit; disposing the
    /// session without a commit forgets the (possibly half-changed) model.
    /// </summary>
    public async Task<RelatedModelSession> OpenAsync(CancellationToken cancellationToken) =>
        (await OpenAsync(wait: true, cancellationToken))!;

    /// <summary>Like <see cref="OpenAsync(CancellationToken)"/>, but null at once when another instance holds the model lease.</summary>
    public Task<RelatedModelSession?> TryOpenAsync(CancellationToken cancellationToken) => OpenAsync(wait: false, cancellationToken);

    private async Task<RelatedModelSession?> OpenAsync(bool wait, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        IAsyncDisposable? lease = null;
        try
        {
            if (wait && _loaded is null)
            {
                // A cold load can take seconds at archive scale: do it before taking turns, then catch up.
                _loaded = await CatchUpAsync(null, cancellationToken);
            }
            var lockBlob = _container.GetBlobClient(LockBlobName);
            lease = wait ? await BlobLeaseLock.AcquireAsync(lockBlob, cancellationToken) : await BlobLeaseLock.TryAcquireAsync(lockBlob, cancellationToken);
            if (lease is null)
            {
                _gate.Release();
                return null;
            }
            _loaded = await CatchUpAsync(_loaded, cancellationToken);
            return new RelatedModelSession(this, _loaded.Index, lease);
        }
        catch
        {
            _loaded = null;
            if (lease is not null)
            {
                await lease.DisposeAsync();
            }
            _gate.Release();
            throw;
        }
    }

    internal async Task CommitAsync(IReadOnlyCollection<string> changedSlugs, CancellationToken cancellationToken)
    {
        var loaded = _loaded ?? throw new InvalidOperationException("No model is open.");
        if (changedSlugs.Count == 0)
        {
            return;
        }
        using var record = new MemoryStream();
        await using (var zipped = new DeflateStream(record, CompressionLevel.Fastest, leaveOpen: true))
        {
            RelatedIndexSerializer.WriteChanges(loaded.Index, changedSlugs, zipped);
        }
        var frame = Frame(record.ToArray());
        var journal = _container.GetAppendBlobClient(JournalBlobName(loaded.Generation));
        if (loaded.JournalLength == 0)
        {
            await journal.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        await journal.AppendBlockAsync(
            new MemoryStream(frame),
            new AppendBlobAppendBlockOptions { Conditions = new AppendBlobRequestConditions { IfAppendPositionEqual = loaded.JournalLength } },
            cancellationToken);
        loaded.JournalLength += frame.Length;

        if (loaded.JournalLength >= Math.Max(MinJournalBytes, loaded.CheckpointLength / 2))
        {
            await CheckpointAsync(loaded, continuesJournal: true, cancellationToken);
        }
    }

    /// <summary>Makes <paramref name="index"/> the whole model (a rebuild): a new checkpoint, an empty journal.</summary>
    internal async Task ReplaceAsync(RelatedIndex index, CancellationToken cancellationToken)
    {
        var loaded = _loaded ?? throw new InvalidOperationException("No model is open.");
        loaded.Index = index;
        await CheckpointAsync(loaded, continuesJournal: false, cancellationToken);
    }

    internal void Close(bool committed)
    {
        if (!committed)
        {
            // The cached model may be half-changed; the stored one is the truth.
            _loaded = null;
        }
        _gate.Release();
    }

    private async Task<LoadedModel> CatchUpAsync(LoadedModel? cached, CancellationToken cancellationToken)
    {
        var checkpoint = _container.GetBlobClient(CheckpointBlobName);
        BlobProperties? properties;
        try
        {
            properties = await checkpoint.GetPropertiesAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            properties = null;
        }
        // A model written before the journal existed has no generation: it is generation 0.
        var generation = properties?.Metadata.TryGetValue(GenerationKey, out var value) == true
            ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;

        if (cached is not null && cached.Generation == generation)
        {
            await ReadJournalAsync(cached, cancellationToken);
            return cached;
        }
        if (cached is not null && cached.Generation + 1 == generation && properties!.Metadata.ContainsKey(ContinuesKey)
            && await ReadJournalAsync(cached, cancellationToken))
        {
            // The new checkpoint is the old one plus its whole journal, which we have just read.
            cached.Generation = generation;
            cached.CheckpointETag = properties.ETag;
            cached.CheckpointLength = properties.ContentLength;
            cached.JournalLength = 0;
            await ReadJournalAsync(cached, cancellationToken);
            return cached;
        }
        return await LoadAsync(checkpoint, properties, generation, cancellationToken);
    }

    private async Task<LoadedModel> LoadAsync(BlobClient checkpoint, BlobProperties? properties, long generation, CancellationToken cancellationToken)
    {
        var loaded = new LoadedModel(new RelatedIndex(options.Value)) { Generation = generation };
        if (properties is not null)
        {
            var download = await checkpoint.DownloadStreamingAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken);
            await using (var content = download.Value.Content)
            await using (var unzipped = new GZipStream(content, CompressionMode.Decompress))
            using (var buffer = new MemoryStream())
            {
                await unzipped.CopyToAsync(buffer, cancellationToken);
                buffer.Position = 0;
                loaded.Index = RelatedIndexSerializer.Read(buffer, options.Value);
            }
            loaded.CheckpointETag = properties.ETag;
            loaded.CheckpointLength = properties.ContentLength;
        }
        await ReadJournalAsync(loaded, cancellationToken);
        logger.LogInformation("Loaded related model generation {Generation} with {Count} articles", generation, loaded.Index.Count);
        return loaded;
    }

    /// <summary>Applies what the journal gained since <see cref="LoadedModel.JournalLength"/>; false when it is gone.</summary>
    private async Task<bool> ReadJournalAsync(LoadedModel loaded, CancellationToken cancellationToken)
    {
        BlobDownloadResult tail;
        try
        {
            tail = await _container.GetBlobClient(JournalBlobName(loaded.Generation)).DownloadContentAsync(
                new BlobDownloadOptions { Range = new HttpRange(loaded.JournalLength) }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return loaded.JournalLength == 0;
        }
        catch (RequestFailedException exception) when (exception.Status == 416)
        {
            return true; // Nothing appended since.
        }
        foreach (var record in Frames(tail.Content.ToMemory()))
        {
            using var unzipped = new DeflateStream(new MemoryStream(record.ToArray()), CompressionMode.Decompress);
            using var buffer = new MemoryStream();
            unzipped.CopyTo(buffer);
            buffer.Position = 0;
            RelatedIndexSerializer.ApplyChanges(buffer, loaded.Index);
        }
        loaded.JournalLength += tail.Content.ToMemory().Length;
        return true;
    }

    private async Task CheckpointAsync(LoadedModel loaded, bool continuesJournal, CancellationToken cancellationToken)
    {
        var next = loaded.Generation + 1;
        using var buffer = new MemoryStream();
        await using (var zipped = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            RelatedIndexSerializer.Write(loaded.Index, zipped);
        }
        buffer.Position = 0;
        await _container.GetAppendBlobClient(JournalBlobName(next)).CreateAsync(cancellationToken: cancellationToken);
        var metadata = new Dictionary<string, string> { [GenerationKey] = next.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (continuesJournal)
        {
            metadata[ContinuesKey] = "true";
        }
        var response = await _container.GetBlobClient(CheckpointBlobName).UploadAsync(
            buffer,
            new BlobUploadOptions
            {
                Conditions = loaded.CheckpointETag is { } etag
                    ? new BlobRequestConditions { IfMatch = etag }
                    : new BlobRequestConditions { IfNoneMatch = ETag.All },
                Metadata = metadata,
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream", ContentEncoding = "gzip" },
            },
            cancellationToken);
        logger.LogInformation("Wrote related model checkpoint generation {Generation} ({Bytes} bytes, {Count} articles)",
            next, buffer.Length, loaded.Index.Count);

        // Instances that were caught up with the old generation still finish its journal; the one before goes.
        await _container.GetBlobClient(JournalBlobName(loaded.Generation - 1)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        loaded.Generation = next;
        loaded.CheckpointETag = response.Value.ETag;
        loaded.CheckpointLength = buffer.Length;
        loaded.JournalLength = 0;
    }

    /// <summary>A journal record: its length (4 bytes, little-endian), then the deflated change records.</summary>
    private static byte[] Frame(byte[] record)
    {
        var frame = new byte[4 + record.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(frame, record.Length);
        record.CopyTo(frame, 4);
        return frame;
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Frames(ReadOnlyMemory<byte> journal)
    {
        while (journal.Length > 0)
        {
            var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(journal.Span);
            yield return journal.Slice(4, length);
            journal = journal[(4 + length)..];
        }
    }

    private sealed class LoadedModel(RelatedIndex index)
    {
        public RelatedIndex Index { get; set; } = index;
        public long Generation { get; set; }
        public ETag? CheckpointETag { get; set; }
        public long CheckpointLength { get; set; }
        public long JournalLength { get; set; }
    }
}
