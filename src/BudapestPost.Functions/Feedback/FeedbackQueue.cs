using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// The editors' queue: articles ranked by how many reports they have in a status, with counts per kind.
/// Counted as reports arrive and change status, never by reading the reports: per status one partition
/// holds, per article, a counts row and a rank row keyed by the count, changed together in one
/// ETag-guarded table transaction, so a page of the queue is one range read.
/// </summary>
/// <remarks>
/// A count changes after the report it counts is stored (the two live in different partitions, so no
/// transaction spans both). If that second write fails, the report stands and the failure is logged;
/// <see cref="RebuildAsync"/> counts again from the reports. Counts rows are remembered as this instance
/// last wrote them, so the next report on an article writes without reading first, and concurrent
/// changes of one article's counts are written together, so a burst of reports on one article does not
/// turn into a burst of conflicts.
/// </remarks>
public sealed class FeedbackQueue(
    TableServiceClient tables, IOptions<StorageOptions> options, ArticleReader articles, ILogger<FeedbackQueue> logger) : IDisposable
{
    // Instances racing for one article's counts row: each loser reads it again and retries.
    private const int MaxAttempts = 32;
    private const int RememberedRows = 10_000;
    private const int MaxTransactionActions = 100;

    private readonly TableClient _table = tables.GetTableClient(options.Value.FeedbackTable);
    private readonly MemoryCache _remembered = new(new MemoryCacheOptions { SizeLimit = RememberedRows });
    private readonly WriteCoalescer<CountChange> _writes = new();

    /// <summary>
    /// Counts a report of <paramref name="kind"/> leaving status <paramref name="from"/> (null: it just arrived)
    /// and entering <paramref name="to"/>. Never throws for storage: the report's own change is already saved.
    /// </summary>
    public async Task MoveAsync(string slug, string kind, FeedbackStatus? from, FeedbackStatus to, CancellationToken cancellationToken)
    {
        if (from == to)
        {
            return;
        }
        try
        {
            var title = await articles.TitleAsync(slug, cancellationToken);
            if (from is { } left)
            {
                await CountAsync(left, slug, title, kind, -1, cancellationToken);
            }
            await CountAsync(to, slug, title, kind, +1, cancellationToken);
        }
        catch (Exception exception) when (exception is RequestFailedException or QueueContendedException)
        {
            logger.LogError(exception,
                "The queue missed a {Kind} report on {Slug} moving from {From} to {To}; POST /api/admin/feedback/queue/rebuild counts again",
                kind, slug, from?.ToName() ?? "(none)", to.ToName());
        }
    }

    /// <summary>One page of the articles with reports in <paramref name="status"/>, most reports first; null for a continuation this listing did not give.</summary>
    public async Task<ListPage<FeedbackQueueItem>?> ListAsync(FeedbackStatus status, int limit, string? continuation, CancellationToken cancellationToken)
    {
        var scope = $"feedback-articles|{status.ToName()}";
        string? storageToken = null;
        if (continuation is not null && !ContinuationToken.TryDecode(continuation, scope, out storageToken))
        {
            return null;
        }
        var partition = FeedbackTableKeys.QueuePartition(status.ToName());
        var page = await _table.ReadPageAsync<FeedbackQueueEntity>(
            TableClient.CreateQueryFilter(
                $"PartitionKey eq {partition} and RowKey gt {FeedbackTableKeys.QueueRankPrefix} and RowKey lt {FeedbackTableKeys.QueueRankEnd}"),
            limit, storageToken, null, cancellationToken);
        return page is { } found
            ? new ListPage<FeedbackQueueItem>(found.Items.Select(FeedbackQueueItem.From).ToList(), ContinuationToken.Encode(scope, found.Continuation))
            : null;
    }

    /// <summary>
    /// Counts every status again from the reports (a scan of the table, which only this admin operation makes) and
    /// rewrites the queue partitions to match: for data stored before the queue existed, or after a logged miss.
    /// Reports arriving meanwhile may be miscounted; run it again when they do.
    /// </summary>
    public async Task<FeedbackQueueRebuild> RebuildAsync(CancellationToken cancellationToken)
    {
        var counted = new Dictionary<(string Status, string Slug), SortedDictionary<string, int>>();
        var reports = 0;
        var filter = TableClient.CreateQueryFilter($"RowKey lt {FeedbackTableKeys.BookkeepingPrefix}");
        await foreach (var report in _table.QueryAsync<FeedbackEntity>(filter, 1000, ["PartitionKey", "Kind", "Status"], cancellationToken))
        {
            var kinds = counted.TryGetValue((report.Status, report.PartitionKey), out var found) ? found
                : counted[(report.Status, report.PartitionKey)] = new SortedDictionary<string, int>(StringComparer.Ordinal);
            kinds[report.Kind] = kinds.GetValueOrDefault(report.Kind) + 1;
            reports++;
        }

        _remembered.Clear();
        foreach (var status in FeedbackNames.AllStatuses)
        {
            var partition = FeedbackTableKeys.QueuePartition(status);
            var rows = new List<FeedbackQueueEntity>();
            foreach (var ((_, slug), kinds) in counted.Where(entry => entry.Key.Status == status))
            {
                var counts = new QueueCounts(kinds);
                var title = await articles.TitleAsync(slug, cancellationToken);
                rows.Add(counts.Row(partition, FeedbackTableKeys.QueueCountRow(slug), slug, title));
                rows.Add(counts.Row(partition, FeedbackTableKeys.QueueRankRow(counts.Total, slug), slug, title));
            }
            await ReplacePartitionAsync(partition, rows, cancellationToken);
        }
        logger.LogInformation("Rebuilt the feedback queue from {Reports} reports on {Entries} article statuses", reports, counted.Count);
        return new FeedbackQueueRebuild(reports, counted.Count);
    }

    public void Dispose() => _remembered.Dispose();

    // Concurrent changes to one article's counts on this instance are written together (see WriteCoalescer).
    private Task CountAsync(FeedbackStatus status, string slug, string? title, string kind, int delta, CancellationToken cancellationToken) =>
        _writes.ApplyAsync(Key(FeedbackTableKeys.QueuePartition(status.ToName()), FeedbackTableKeys.QueueCountRow(slug)),
            new CountChange(kind, delta, title), changes => WriteCountsAsync(status.ToName(), slug, changes), cancellationToken);

    private async Task WriteCountsAsync(string status, string slug, IReadOnlyList<CountChange> changes)
    {
        var partition = FeedbackTableKeys.QueuePartition(status);
        var countRow = FeedbackTableKeys.QueueCountRow(slug);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = (attempt == 0 ? Remembered(partition, countRow) : null) ?? await ReadAsync(partition, countRow, CancellationToken.None);
            var before = new QueueCounts(current);
            var after = changes.Aggregate(before, (counts, change) => counts.Add(change.Kind, change.Delta));
            var row = after.Row(partition, countRow, slug, changes.LastOrDefault(change => change.Title is not null)?.Title ?? current?.Title);
            var actions = Actions(current, before, after, row);
            if (actions.Count == 0)
            {
                return;
            }
            try
            {
                var responses = await _table.SubmitTransactionAsync(actions, CancellationToken.None);
                row.ETag = after.Total == 0 ? default : responses.Value[0].Headers.ETag ?? default;
                Remember(row);
                return;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412)
            {
                _remembered.Remove(Key(partition, countRow)); // another instance changed the counts first
            }
        }
        throw new QueueContendedException($"The counts of '{slug}' in '{status}' kept changing.");
    }

    // The counts row first (its ETag guards the transaction), then the rank row moved to the new count.
    private static List<TableTransactionAction> Actions(FeedbackQueueEntity? current, QueueCounts before, QueueCounts after, FeedbackQueueEntity row)
    {
        if (current is null && after.Total == 0)
        {
            return [];
        }
        List<TableTransactionAction> actions = [current is null
            ? new(TableTransactionActionType.Add, row)
            : after.Total == 0 ? new(TableTransactionActionType.Delete, current, current.ETag)
            : new(TableTransactionActionType.UpdateReplace, row, current.ETag)];
        if (before.Total > 0 && before.Total != after.Total)
        {
            actions.Add(new(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, FeedbackTableKeys.QueueRankRow(before.Total, row.Slug)), ETag.All));
        }
        if (after.Total > 0)
        {
            var rank = after.Row(row.PartitionKey, FeedbackTableKeys.QueueRankRow(after.Total, row.Slug), row.Slug, row.Title);
            actions.Add(new(TableTransactionActionType.UpsertReplace, rank));
        }
        return actions;
    }

    private async Task ReplacePartitionAsync(string partition, List<FeedbackQueueEntity> rows, CancellationToken cancellationToken)
    {
        var wanted = rows.Select(row => row.RowKey).ToHashSet(StringComparer.Ordinal);
        var stale = new List<TableTransactionAction>();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), 1000, ["PartitionKey", "RowKey"], cancellationToken))
        {
            if (!wanted.Contains(row.RowKey))
            {
                stale.Add(new(TableTransactionActionType.Delete, row, ETag.All));
            }
        }
        var actions = stale.Concat(rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
        foreach (var batch in actions.Chunk(MaxTransactionActions))
        {
            await _table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    private async Task<FeedbackQueueEntity?> ReadAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<FeedbackQueueEntity>(partition, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private FeedbackQueueEntity? Remembered(string partition, string rowKey) =>
        _remembered.TryGetValue(Key(partition, rowKey), out FeedbackQueueEntity? row) && row is not null
            ? new FeedbackQueueEntity { PartitionKey = partition, RowKey = rowKey, Slug = row.Slug, Title = row.Title, Count = row.Count, Kinds = row.Kinds, ETag = row.ETag }
            : null;

    private void Remember(FeedbackQueueEntity row)
    {
        if (row.ETag == default)
        {
            _remembered.Remove(Key(row.PartitionKey, row.RowKey));
            return;
        }
        _remembered.Set(Key(row.PartitionKey, row.RowKey), row, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
    }

    private static string Key(string partition, string rowKey) => partition + "\n" + rowKey;

    /// <summary>Reports per kind of one article in one status.</summary>
    private sealed class QueueCounts(SortedDictionary<string, int> kinds)
    {
        public QueueCounts(FeedbackQueueEntity? row)
            : this(row is null ? new SortedDictionary<string, int>(StringComparer.Ordinal)
                : new SortedDictionary<string, int>(JsonSerializer.Deserialize<Dictionary<string, int>>(row.Kinds) ?? [], StringComparer.Ordinal))
        {
        }

        public int Total { get; } = kinds.Values.Sum();

        // Never below zero: a count that missed an arrival (see the remarks above) must not go negative on its departure.
        public QueueCounts Add(string kind, int delta)
        {
            var next = new SortedDictionary<string, int>(kinds, StringComparer.Ordinal);
            var count = Math.Max(0, next.GetValueOrDefault(kind) + delta);
            if (count == 0)
            {
                next.Remove(kind);
            }
            else
            {
                next[kind] = count;
            }
            return new QueueCounts(next);
        }

        public FeedbackQueueEntity Row(string partition, string rowKey, string slug, string? title) => new()
        {
            PartitionKey = partition, RowKey = rowKey, Slug = slug, Title = title,
            Count = Total, Kinds = JsonSerializer.Serialize(kinds),
        };
    }

    private sealed record CountChange(string Kind, int Delta, string? Title);

    private sealed class QueueContendedException(string message) : Exception(message);
}

/// <summary>An article in the editors' queue: its reports in the status asked for, in total and per kind.</summary>
public sealed record FeedbackQueueItem(string Slug, string? Title, int Count, IReadOnlyDictionary<string, int> Kinds, string Url)
{
    public static FeedbackQueueItem From(FeedbackQueueEntity row)
    {
        var counted = JsonSerializer.Deserialize<Dictionary<string, int>>(row.Kinds) ?? [];
        var kinds = FeedbackNames.AllKinds.ToDictionary(kind => kind, kind => counted.GetValueOrDefault(kind));
        return new FeedbackQueueItem(row.Slug, row.Title, row.Count, kinds, ArticleUrls.Article(row.Slug));
    }
}

/// <summary>What a rebuild of the queue counted.</summary>
public sealed record FeedbackQueueRebuild(int Reports, int ArticleStatuses);
