using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Articles;
using Cronos;
using Microsoft.Extensions.Logging;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>One queue message: send digest <paramref name="DigestId"/> to the subscribers whose keys lie in [From, To).</summary>
public sealed record DigestBatch(string DigestId, string From, string? To);

/// <summary>A digest as every sending batch reads it from its blob.</summary>
public sealed record DigestDocument(string Id, DateOnly Date, IReadOnlyList<DigestArticle> Articles);

/// <summary>
/// Decides on each timer tick whether a digest is due (an occurrence of the schedule, in the configured
/// time zone, has passed since the last digest), collects the articles published since the last digest,
/// stores them as the digest's blob and splits the subscriber list into key ranges of about
/// <see cref="NewsletterOptions.BatchSize"/> subscribers, one queue message each, so a large list is sent
/// by many short invocations. A rerun after a crash redoes the same digest (same id and window); the
/// delivery log keeps anyone from getting it twice.
/// </summary>
/// <remarks>
/// "Since the last digest" is a range of the catalog's change feed, not of publish times: the feed numbers
/// changes without gaps in commit order, so a backdated upload or a slow publish still lands in exactly one
/// digest. The feed records a change just before the catalog commits the article, so the window stops before
/// changes younger than <see cref="NewsletterOptions.PublishSettleTime"/>, and before a publish whose article row
/// has not caught up with its change yet (a slow commit): that article goes into the next digest instead of
/// none. A change whose row has not caught up within <see cref="CommitWaitLimit"/> belonged to a publish that
/// failed for good (a retry appends a change of its own), and is passed over.
/// </remarks>
public sealed class DigestPlanner(
    TableServiceClient tables,
    BlobServiceClient blobs,
    QueueServiceClient queues,
    SubscriberStore subscribers,
    ArticleCatalog catalog,
    IOptions<StorageOptions> storage,
    IOptions<NewsletterOptions> options,
    TimeProvider time,
    ILogger<DigestPlanner> logger)
{
    public const string QueueName = "newsletter-digest";

    /// <summary>The longest a publish may take to commit its change: the function timeout.</summary>
    public static readonly TimeSpan CommitWaitLimit = TimeSpan.FromMinutes(30);

    // Batch boundaries are key prefixes, so queue messages never hold a whole subscriber key.
    private const int BoundaryLength = 8;
    private const int ChangePageSize = 1000;
    private static readonly string[] KeyColumns = ["RowKey"];

    private readonly TableClient _table = tables.GetTableClient(storage.Value.NewsletterTable);

    /// <summary>Plans the digest if one is due; returns its id, or null when none was due.</summary>
    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var state = await _table.FindAsync<TableEntity>(NewsletterKeys.StatePartition, NewsletterKeys.DigestStateRow, cancellationToken);
        if (state is null)
        {
            // The first digest goes out at the next scheduled time and lists what is published from now on.
            var latest = await catalog.Changes.LastSequenceAsync(cancellationToken);
            await SaveStateAsync(new TableEntity(NewsletterKeys.StatePartition, NewsletterKeys.DigestStateRow), now, latest, cancellationToken);
            logger.LogInformation("Newsletter digests start now; the first goes out at the next scheduled time");
            return null;
        }

        var occurrence = LatestDueOccurrence(state.GetDateTimeOffset("LastOccurrence")!.Value, now);
        if (occurrence is null)
        {
            return null;
        }
        var (digest, through, slugs) = await OpenDigestAsync(occurrence.Value, state.GetInt64("Cursor")!.Value, now, cancellationToken);
        var listed = await StillPublishedAsync(slugs, cancellationToken);
        if (listed.Count == 0)
        {
            logger.LogInformation("Digest {DigestId}: no articles since the last digest, no email", digest.RowKey);
        }
        else
        {
            var date = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(occurrence.Value, Zone).DateTime);
            await StoreDocumentAsync(new DigestDocument(digest.RowKey, date, listed), cancellationToken);
            var batches = await EnqueueBatchesAsync(digest.RowKey, cancellationToken);
            digest["Articles"] = listed.Count;
            digest["Batches"] = batches;
            await _table.UpdateEntityAsync(digest, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
            logger.LogInformation("Digest {DigestId}: {Articles} articles, {Batches} batches queued", digest.RowKey, listed.Count, batches);
        }
        await SaveStateAsync(state, occurrence.Value, through, cancellationToken);
        return digest.RowKey;
    }

    public static string BlobName(string digestId) => $"digests/{digestId}.json";

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    // Several missed occurrences (the app was down) make one digest, not a burst.
    private DateTimeOffset? LatestDueOccurrence(DateTimeOffset last, DateTimeOffset now)
    {
        var schedule = CronExpression.Parse(options.Value.DigestSchedule, CronFormat.IncludeSeconds);
        DateTimeOffset? due = null;
        for (var next = schedule.GetNextOccurrence(last, Zone); next is { } n && n <= now; next = schedule.GetNextOccurrence(n, Zone))
        {
            due = n;
        }
        return due;
    }

    // The digest of this occurrence and the articles its window of the change feed published. A rerun (the
    // row exists) reads the window it stored; a new digest's window ends at the first unsettled change.
    private async Task<(TableEntity Digest, long Through, IReadOnlyCollection<string> Slugs)> OpenDigestAsync(
        DateTimeOffset occurrence, long cursor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = occurrence.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var existing = await _table.FindAsync<TableEntity>(NewsletterKeys.DigestsPartition, id, cancellationToken);
        var digest = existing ?? new TableEntity(NewsletterKeys.DigestsPartition, id) { ["After"] = cursor };
        var (through, slugs) = await ReadWindowAsync(
            digest.GetInt64("After")!.Value, digest.GetInt64("Through"), now - options.Value.PublishSettleTime, now - CommitWaitLimit, cancellationToken);
        if (existing is null)
        {
            digest["Through"] = through;
            await _table.UpsertEntityAsync(digest, TableUpdateMode.Replace, cancellationToken);
        }
        return (digest, through, slugs);
    }

    // One pass over the change feed after `after`: up to `through` when known, else up to the first change
    // younger than `settledBy` or not yet committed (unless older than `abandonedBy`); the slugs its changes first published.
    private async Task<(long Through, IReadOnlyCollection<string> Slugs)> ReadWindowAsync(
        long after, long? through, DateTimeOffset settledBy, DateTimeOffset abandonedBy, CancellationToken cancellationToken)
    {
        var (last, slugs) = (after, new HashSet<string>(StringComparer.Ordinal));
        while (true)
        {
            var changes = await catalog.Changes.ReadAsync(last, ChangePageSize, cancellationToken);
            foreach (var change in changes)
            {
                if (through is null
                        ? change.At > settledBy || (change.At > abandonedBy && !await CommittedAsync(change, cancellationToken))
                        : change.Sequence > through)
                {
                    return (through ?? last, slugs);
                }
                if (change.Change == ArticleChangeKind.Published)
                {
                    slugs.Add(change.Slug);
                }
                last = change.Sequence;
            }
            if (changes.Count < ChangePageSize)
            {
                return (through ?? last, slugs);
            }
        }
    }

    // Whether the article row has caught up with the change: rows from before rows recorded their change count as caught up.
    private async Task<bool> CommittedAsync(CatalogChangeEntry change, CancellationToken cancellationToken) =>
        await catalog.FindAsync(change.Slug, cancellationToken) is { } row && (row.ChangeSequence ?? long.MaxValue) >= change.Sequence;

    // The articles still published now, newest first.
    private async Task<List<DigestArticle>> StillPublishedAsync(IReadOnlyCollection<string> slugs, CancellationToken cancellationToken)
    {
        var listed = new List<DigestArticle>(slugs.Count);
        foreach (var slug in slugs)
        {
            if (await catalog.FindAsync(slug, cancellationToken) is { ArticleStatus: ArticleStatus.Published } a)
            {
                listed.Add(new DigestArticle(a.Slug, a.Title, a.Lead, a.Published, a.TagList, a.Section));
            }
        }
        return listed.OrderByDescending(a => a.Published).ToList();
    }

    private async Task StoreDocumentAsync(DigestDocument document, CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(storage.Value.NewsletterContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await container.GetBlobClient(BlobName(document.Id))
            .UploadAsync(BinaryData.FromObjectAsJson(document, JsonSerializerOptions.Web), overwrite: true, cancellationToken);
    }

    private async Task<int> EnqueueBatchesAsync(string digestId, CancellationToken cancellationToken)
    {
        var queue = queues.GetQueueClient(QueueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var boundaries = new List<string> { "" };
        var count = 0;
        await foreach (var subscriber in subscribers.AllAsync(KeyColumns, cancellationToken))
        {
            var prefix = subscriber.RowKey[..BoundaryLength];
            if (count++ % options.Value.BatchSize == 0 && count > 1 && string.CompareOrdinal(prefix, boundaries[^1]) > 0)
            {
                boundaries.Add(prefix);
            }
        }
        for (var i = 0; i < boundaries.Count; i++)
        {
            var batch = new DigestBatch(digestId, boundaries[i], i + 1 < boundaries.Count ? boundaries[i + 1] : null);
            await queue.SendMessageAsync(JsonSerializer.Serialize(batch, JsonSerializerOptions.Web), cancellationToken);
        }
        return boundaries.Count;
    }

    private Task SaveStateAsync(TableEntity state, DateTimeOffset occurrence, long cursor, CancellationToken cancellationToken)
    {
        state["LastOccurrence"] = occurrence;
        state["Cursor"] = cursor;
        return _table.UpsertEntityAsync(state, TableUpdateMode.Replace, cancellationToken);
    }
}
