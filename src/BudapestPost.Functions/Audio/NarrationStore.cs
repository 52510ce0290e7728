using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Audio;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Audio;

/// <summary>
/// Where narrations live. The MP3 files are in the private <c>audio</c> container, named by the hash of their
/// bytes (<c>{slug}/{sha256}.mp3</c>), with the narration key (voice and spoken text) in their metadata. The
/// <c>Narrations</c> table says which file is each article's narration (PK <c>article_{slug}</c>, RK
/// <c>narration</c>), with the last failure's reason; lists the podcast's episodes newest first (PK
/// <c>episodes</c>, RK reverse publish time + slug); and names the narrations to try again (PK <c>retries</c>,
/// RK slug).
/// </summary>
public sealed class NarrationStore(BlobServiceClient blobs, TableServiceClient tables, IOptions<StorageOptions> options)
{
    public const string MimeType = "audio/mpeg";
    private const string NarrationRowKey = "narration";
    private const string EpisodesPartition = "episodes";
    private const string RetriesPartition = "retries";
    private const string KeyMetadata = "narrationkey";
    private const string VoiceMetadata = "voice";
    private const string CharactersMetadata = "characters";
    private const string SecondsMetadata = "durationseconds";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Value.AudioContainer);
    private readonly TableClient _table = tables.GetTableClient(options.Value.NarrationsTable);

    /// <summary>The blob whose lease narrating passes take turns under.</summary>
    public BlobClient LockBlob => _container.GetBlobClient(".lock");

    /// <summary>The article's narration row, or null when it has none.</summary>
    public Task<NarrationEntity?> FindAsync(string slug, CancellationToken cancellationToken) =>
        _table.FindAsync<NarrationEntity>(ArticlePartition(slug), NarrationRowKey, cancellationToken);

    /// <summary>A narration of the article stored earlier under <paramref name="key"/> (a crash after the upload), or null.</summary>
    public async Task<Narration?> FindStoredAsync(string slug, string key, CancellationToken cancellationToken)
    {
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = slug + "/" }, cancellationToken))
        {
            if (blob.Metadata.TryGetValue(KeyMetadata, out var stored) && stored == key)
            {
                return new Narration(slug, key, Path.GetFileNameWithoutExtension(blob.Name), blob.Metadata[VoiceMetadata],
                    blob.Properties.ContentLength ?? 0, Number(blob.Metadata[SecondsMetadata]), (int)Number(blob.Metadata[CharactersMetadata]));
            }
        }
        return null;
    }

    /// <summary>Stores an MP3 under the hash of its bytes; the same bytes again write nothing.</summary>
    public async Task<Narration> UploadAsync(string slug, string key, string voice, int characters, byte[] mp3, Mp3Info info, CancellationToken cancellationToken)
    {
        var narration = new Narration(slug, key, Convert.ToHexStringLower(SHA256.HashData(mp3)), voice, mp3.Length,
            Math.Round(info.Duration.TotalSeconds, 3), characters);
        // Named by its bytes: when the upload loses to an earlier one, what is there is this.
        await ConditionalWrite.TryAsync(async () => (await _container.GetBlobClient(narration.BlobName).UploadAsync(new BinaryData(mp3), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = MimeType },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            Metadata = new Dictionary<string, string>
            {
                [KeyMetadata] = key,
                [VoiceMetadata] = voice,
                [CharactersMetadata] = characters.ToString(CultureInfo.InvariantCulture),
                [SecondsMetadata] = narration.DurationSeconds.ToString(CultureInfo.InvariantCulture),
            },
        }, cancellationToken)).GetRawResponse());
        return narration;
    }

    /// <summary>
    /// Makes <paramref name="narration"/> the article's: its row, its podcast episode (moved when the publish time
    /// changed), no retry pending; then deletes the article's other MP3 files, which nothing names any more.
    /// </summary>
    public async Task SaveAsync(Article article, Narration narration, NarrationEntity? previous, CancellationToken cancellationToken)
    {
        var row = new NarrationEntity
        {
            PartitionKey = ArticlePartition(article.Slug),
            RowKey = NarrationRowKey,
            Slug = article.Slug,
            Title = article.Title,
            Lead = article.Lead,
            Published = article.Published,
            Key = narration.Key,
            ContentHash = narration.ContentHash,
            Voice = narration.Voice,
            Bytes = narration.Bytes,
            DurationSeconds = narration.DurationSeconds,
            Characters = narration.Characters,
        };
        var episode = Episode(row);
        await _table.UpsertEntityAsync(episode, TableUpdateMode.Replace, cancellationToken);
        if (previous?.ContentHash is not null && EpisodeRowKey(previous) != episode.RowKey)
        {
            await DeleteIfExistsAsync(EpisodesPartition, EpisodeRowKey(previous), cancellationToken);
        }
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        await DeleteIfExistsAsync(RetriesPartition, article.Slug, cancellationToken);
        await DeleteFilesAsync(article.Slug, keep: narration.BlobName, cancellationToken);
    }

    /// <summary>
    /// Records why the narration of <paramref name="key"/> failed, and when to try again. A narration of an earlier
    /// text is taken down meanwhile: the audio says what the article says, or there is none.
    /// </summary>
    public async Task RecordFailureAsync(
        string slug, string blobName, string key, string reason, NarrationEntity? previous, DateTimeOffset now, TimeSpan firstDelay,
        CancellationToken cancellationToken)
    {
        var attempts = previous?.FailedKey == key ? previous.Attempts + 1 : 1;
        var wait = TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, firstDelay.Ticks << Math.Min(attempts - 1, 20)));
        var error = reason.Length > 1000 ? reason[..1000] : reason;
        await _table.UpsertEntityAsync(new NarrationEntity
        {
            PartitionKey = RetriesPartition, RowKey = slug, Slug = slug, BlobName = blobName, RetryAt = now + wait,
            Attempts = attempts, LastError = error,
        }, TableUpdateMode.Replace, cancellationToken);
        if (previous?.ContentHash is not null)
        {
            await DeleteIfExistsAsync(EpisodesPartition, EpisodeRowKey(previous), cancellationToken);
        }
        await _table.UpsertEntityAsync(new NarrationEntity
        {
            PartitionKey = ArticlePartition(slug), RowKey = NarrationRowKey, Slug = slug,
            FailedKey = key, Attempts = attempts, LastError = error, FailedAt = now, RetryAt = now + wait,
        }, TableUpdateMode.Replace, cancellationToken);
        await DeleteFilesAsync(slug, keep: null, cancellationToken);
    }

    /// <summary>Takes the article's narration down: its files, its episode, its rows.</summary>
    public async Task RemoveAsync(string slug, NarrationEntity? previous, CancellationToken cancellationToken)
    {
        if (previous?.ContentHash is not null)
        {
            await DeleteIfExistsAsync(EpisodesPartition, EpisodeRowKey(previous), cancellationToken);
        }
        await DeleteIfExistsAsync(RetriesPartition, slug, cancellationToken);
        await DeleteIfExistsAsync(ArticlePartition(slug), NarrationRowKey, cancellationToken);
        await DeleteFilesAsync(slug, keep: null, cancellationToken);
    }

    /// <summary>Article files whose narration failed and is due to be tried again.</summary>
    public async Task<IReadOnlyList<string>> ListDueRetriesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        await _table.QueryAsync<NarrationEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RetriesPartition} and RetryAt le {now}"),
                select: [nameof(NarrationEntity.BlobName)], cancellationToken: cancellationToken)
            .Select(row => row.BlobName!).ToListAsync(cancellationToken);

    /// <summary>The newest narrated articles, newest first: one range read of a partition.</summary>
    public async Task<IReadOnlyList<NarrationEntity>> ListEpisodesAsync(int max, CancellationToken cancellationToken) =>
        await _table.QueryAsync<NarrationEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {EpisodesPartition}"), max, cancellationToken: cancellationToken)
            .Take(max).ToListAsync(cancellationToken);

    /// <summary>A seekable read of a stored MP3 (it fetches the ranges read), or null when there is none.</summary>
    public async Task<Stream?> OpenReadAsync(string slug, string contentHash, CancellationToken cancellationToken)
    {
        try
        {
            return await _container.GetBlobClient($"{slug}/{contentHash}.mp3")
                .OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 256 * 1024 }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    }

    private async Task DeleteFilesAsync(string slug, string? keep, CancellationToken cancellationToken)
    {
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = slug + "/" }, cancellationToken))
        {
            if (blob.Name != keep)
            {
                await _container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            }
        }
    }

    // A missing row answers 404 without an exception.
    private Task DeleteIfExistsAsync(string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        _table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);

    private static NarrationEntity Episode(NarrationEntity row) => new()
    {
        PartitionKey = EpisodesPartition,
        RowKey = EpisodeRowKey(row),
        Slug = row.Slug,
        Title = row.Title,
        Lead = row.Lead,
        Published = row.Published,
        ContentHash = row.ContentHash,
        Bytes = row.Bytes,
        DurationSeconds = row.DurationSeconds,
    };

    private static string EpisodeRowKey(NarrationEntity row) =>
        (DateTimeOffset.MaxValue.UtcTicks - row.Published.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + row.Slug;

    private static string ArticlePartition(string slug) => "article_" + slug;

    private static double Number(string value) => double.Parse(value, CultureInfo.InvariantCulture);
}

/// <summary>A stored narration: which article, of what (key: voice and spoken text), which file, how long.</summary>
public sealed record Narration(string Slug, string Key, string ContentHash, string Voice, long Bytes, double DurationSeconds, int Characters)
{
    public string BlobName => $"{Slug}/{ContentHash}.mp3";

    /// <summary>The key of a narration: the voice and the hash of the spoken text, so a new voice narrates again.</summary>
    public static string KeyOf(string voice, SpokenText spoken) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(voice + "\n" + spoken.Hash)));
}

/// <summary>A row of the <c>Narrations</c> table (see <see cref="NarrationStore"/> for its three shapes).</summary>
public sealed class NarrationEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Lead { get; set; } = "";
    public DateTimeOffset Published { get; set; }

    /// <summary>The narration's key (voice and spoken text) and file; null while an article has only failed.</summary>
    public string? Key { get; set; }
    public string? ContentHash { get; set; }
    public string? Voice { get; set; }
    public long Bytes { get; set; }
    public double DurationSeconds { get; set; }
    public int Characters { get; set; }

    /// <summary>The last failure: of which key, how many times in a row, why, and when to try again.</summary>
    public string? FailedKey { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>On retry rows: the article file to narrate again.</summary>
    public string? BlobName { get; set; }
}
