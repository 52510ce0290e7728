using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// The <c>Feedback</c> table, and the only class that opens it: reader reports (PartitionKey = slug, RowKey =
/// report id) and the rows that share it (<see cref="FeedbackTableKeys"/>): Idempotency-Key rows, rate counters,
/// the editors' queue and the client-hash key. Storage failures surface as <see cref="RequestFailedException"/>.
/// </summary>
/// <remarks>
/// A report is added in one transaction with its Idempotency-Key row and its sender's per-article counter: counted
/// exactly when stored. The counter over all articles has a partition of its own, so it is counted first and given
/// back when the report is then not stored. The queue counts the report afterwards in its status's partition, the
/// counts row written with the ETag this instance last wrote and concurrent changes to it written together.
/// </remarks>
public sealed class FeedbackStore : IDisposable
{
    // Instances racing for one article's counts row: each loser reads it again and retries.
    private const int MaxQueueAttempts = 32;

    private readonly TableClient _table;
    private readonly FeedbackOptions _limits;
    private readonly ILogger<FeedbackStore> _logger;
    private readonly TableSecretKey _clientHashKey;
    private readonly FixedWindowCounter _counters;
    private readonly LastSeen<FeedbackQueueEntity> _queueCounts = new(10_000, _ => 1);
    private readonly WriteCoalescer<QueueChange> _queueWrites = new();

    public FeedbackStore(
        TableServiceClient tables, IOptions<StorageOptions> storage, IOptions<FeedbackOptions> options, TimeProvider time, ILogger<FeedbackStore> logger)
    {
        _table = tables.GetTableClient(storage.Value.FeedbackTable);
        (_limits, _logger) = (options.Value, logger);
        _clientHashKey = new TableSecretKey(_table, FeedbackTableKeys.ConfigurationPartition, FeedbackTableKeys.ClientHashKeyRow);
        _counters = new FixedWindowCounter(_table, time);
    }

    /// <summary>
    /// The only form of a client address that is stored: an HMAC-SHA256 under the table's key, the same on every
    /// instance (for rate limits and spotting abuse), which hashing every IPv4 address cannot turn back.
    /// </summary>
    public async Task<string> HashClientAsync(string clientAddress, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(
            HMACSHA256.HashData(await _clientHashKey.GetAsync(cancellationToken), Encoding.UTF8.GetBytes(clientAddress)), 0, 16);

    public Task<IdempotencyEntity?> FindIdempotencyAsync(string slug, string idempotencyKey, CancellationToken cancellationToken) =>
        _table.FindAsync<IdempotencyEntity>(slug, FeedbackTableKeys.IdempotencyRow(idempotencyKey), cancellationToken);

    /// <summary>Whether this instance knows, from memory alone, the client to be at its limit on the article: per-article counts never go down.</summary>
    public bool ArticleLimitReached(string slug, string clientHash, out TimeSpan retryAfter) =>
        _counters.KnownFull(slug, FeedbackTableKeys.RateRow(clientHash), _limits.PerArticlePermitLimit, _limits.PerArticleWindow, out retryAfter);

    /// <summary>Counts one report against the client's limit over all articles.</summary>
    public Task<RateLimitDecision> CountClientReportAsync(string clientHash, CancellationToken cancellationToken) =>
        _counters.AcquireAsync(FeedbackTableKeys.ClientsPartition, FeedbackTableKeys.RateRow(clientHash),
            _limits.PerClientPermitLimit, _limits.PerClientWindow, cancellationToken);

    /// <summary>Gives back a report <see cref="CountClientReportAsync"/> counted that was then not stored, so the counter stays exact.</summary>
    public Task UncountClientReportAsync(string clientHash, CancellationToken cancellationToken) =>
        _counters.ReleaseAsync(FeedbackTableKeys.ClientsPartition, FeedbackTableKeys.RateRow(clientHash), _limits.PerClientWindow, cancellationToken);

    /// <summary>
    /// Adds the report and its Idempotency-Key row in one transaction with its sender's per-article counter: Stored;
    /// RateLimited, with how long until the sender may report on the article again; or IdempotencyKeyTaken when a
    /// report with the same key was stored first. Only Stored wrote anything.
    /// </summary>
    public async Task<(FeedbackWrite Written, TimeSpan RetryAfter)> AddAsync(
        FeedbackEntity report, IdempotencyEntity? idempotency, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            List<TableTransactionAction> rows = [new(TableTransactionActionType.Add, report)];
            if (idempotency is not null)
            {
                rows.Add(new TableTransactionAction(TableTransactionActionType.Add, idempotency));
            }
            var counted = await _counters.AcquireAsync(report.PartitionKey, FeedbackTableKeys.RateRow(report.ClientHash),
                _limits.PerArticlePermitLimit, _limits.PerArticleWindow, rows, cancellationToken);
            if (counted is not null)
            {
                return counted.Allowed ? (FeedbackWrite.Stored, TimeSpan.Zero) : (FeedbackWrite.RateLimited, counted.RetryAfter);
            }
            if (idempotency is not null && await _table.FindAsync<IdempotencyEntity>(idempotency.PartitionKey, idempotency.RowKey, cancellationToken) is not null)
            {
                return (FeedbackWrite.IdempotencyKeyTaken, TimeSpan.Zero);
            }
            if (attempt == 2)
            {
                throw new InvalidOperationException($"Report {report.RowKey} on {report.PartitionKey} kept clashing with stored rows.");
            }
            // Report ids are random; on the rare clash the report takes another.
            report.RowKey = FeedbackId.Create(report.Received);
            idempotency?.FeedbackId = report.RowKey;
        }
    }

    public async Task<FeedbackEntity?> GetAsync(string slug, string id, CancellationToken cancellationToken) =>
        FeedbackId.IsValid(id) ? await _table.FindAsync<FeedbackEntity>(slug, id, cancellationToken) : null;

    /// <summary>Replaces a report if its ETag still matches; returns the new ETag, or null when someone changed it first.</summary>
    public async Task<ETag?> TryReplaceAsync(FeedbackEntity report, ETag ifMatch, CancellationToken cancellationToken) =>
        await _table.TrySubmitAsync([new(TableTransactionActionType.UpdateReplace, report, ifMatch)], cancellationToken) is [var written]
            ? written
            : null;

    /// <summary>
    /// Reports from row key <paramref name="fromRowKey"/> on, of one article or all (a scan) and of one status or all:
    /// newest first within each article, as rows come partition by partition.
    /// </summary>
    public IAsyncEnumerable<FeedbackEntity> ReportsAsync(
        string? article, FeedbackStatus? status, string fromRowKey, int pageSize, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {fromRowKey} and RowKey lt {FeedbackTableKeys.BookkeepingPrefix}");
        filter = article is null ? filter : $"{TableClient.CreateQueryFilter($"PartitionKey eq {article}")} and {filter}";
        filter = status is null ? filter : $"{filter} and {TableClient.CreateQueryFilter($"Status eq {status.Value.ToName()}")}";
        return _table.QueryAsync<FeedbackEntity>(filter, pageSize, select, cancellationToken);
    }

    /// <summary>
    /// Counts a report of <paramref name="kind"/> leaving status <paramref name="from"/> (null: it just arrived) and
    /// entering <paramref name="to"/> in the editors' queue. Never throws for storage: the report's own change is
    /// already saved, so a miss is logged, and <c>POST /api/admin/feedback/queue/rebuild</c> counts again.
    /// </summary>
    public async Task MoveInQueueAsync(string slug, string? title, string kind, FeedbackStatus? from, FeedbackStatus to, CancellationToken cancellationToken)
    {
        if (from == to)
        {
            return;
        }
        try
        {
            if (from is { } left)
            {
                await CountInQueueAsync(left, slug, new QueueChange(kind, -1, title), cancellationToken);
            }
            await CountInQueueAsync(to, slug, new QueueChange(kind, +1, title), cancellationToken);
        }
        catch (Exception exception) when (exception is RequestFailedException or QueueContendedException)
        {
            _logger.LogError(exception,
                "The queue missed a {Kind} report on {Slug} moving from {From} to {To}; POST /api/admin/feedback/queue/rebuild counts again",
                kind, slug, from?.ToName() ?? "(none)", to.ToName());
        }
    }

    /// <summary>One page of the articles with reports in <paramref name="status"/>, most reports first; null for a token storage did not give.</summary>
    public Task<(IReadOnlyList<FeedbackQueueEntity> Items, string? Continuation)?> QueuePageAsync(
        FeedbackStatus status, int limit, string? continuationToken, CancellationToken cancellationToken) =>
        _table.ReadPageAsync<FeedbackQueueEntity>(TableClient.CreateQueryFilter(
                $"PartitionKey eq {FeedbackTableKeys.QueuePartition(status.ToName())} and RowKey gt {FeedbackTableKeys.QueueRankPrefix} and RowKey lt {FeedbackTableKeys.QueueRankEnd}"),
            limit, continuationToken, null, cancellationToken);

    /// <summary>Rewrites the queue of <paramref name="status"/> to hold exactly <paramref name="articles"/>, each with its reports per kind.</summary>
    public async Task ReplaceQueueAsync(
        FeedbackStatus status, IEnumerable<(string Slug, string? Title, IDictionary<string, int> Kinds)> articles, CancellationToken cancellationToken)
    {
        _queueCounts.Clear();
        var partition = FeedbackTableKeys.QueuePartition(status.ToName());
        var rows = articles.SelectMany(article => QueueRows(partition, article.Slug, article.Title, new SortedDictionary<string, int>(article.Kinds, StringComparer.Ordinal)))
            .ToDictionary(row => row.RowKey, StringComparer.Ordinal);
        var actions = new List<TableTransactionAction>();
        await foreach (var stored in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), 1000, ["PartitionKey", "RowKey"], cancellationToken))
        {
            if (!rows.ContainsKey(stored.RowKey))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, stored, ETag.All));
            }
        }
        actions.AddRange(rows.Values.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)));
        foreach (var batch in actions.Chunk(100))
        {
            await _table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    public void Dispose()
    {
        _counters.Dispose();
        _queueCounts.Dispose();
    }

    private Task CountInQueueAsync(FeedbackStatus status, string slug, QueueChange change, CancellationToken cancellationToken)
    {
        var partition = FeedbackTableKeys.QueuePartition(status.ToName());
        return _queueWrites.ApplyAsync($"{partition}\n{slug}", change, changes => WriteQueueCountsAsync(partition, slug, changes), cancellationToken);
    }

    // The counts row as last written here (or read), with the changes applied, and the rank row moved to the new count:
    // one transaction If-Match the counts row, from a fresh read when another instance changed it first.
    private async Task WriteQueueCountsAsync(string partition, string slug, IReadOnlyList<QueueChange> changes)
    {
        var countRow = FeedbackTableKeys.QueueCountRow(slug);
        var current = _queueCounts.Find(partition, countRow);
        for (var attempt = 0; attempt < MaxQueueAttempts; attempt++, current = null)
        {
            current ??= await _table.FindAsync<FeedbackQueueEntity>(partition, countRow, CancellationToken.None);
            var kinds = new SortedDictionary<string, int>(
                JsonSerializer.Deserialize<Dictionary<string, int>>(current?.Kinds ?? "{}") ?? [], StringComparer.Ordinal);
            foreach (var change in changes)
            {
                // Never below zero: a count that missed an arrival must not go negative on its departure.
                kinds[change.Kind] = Math.Max(0, kinds.GetValueOrDefault(change.Kind) + change.Delta);
            }
            var (before, title) = (current?.Count ?? 0, changes.LastOrDefault(change => change.Title is not null)?.Title ?? current?.Title);
            var after = QueueRows(partition, slug, title, kinds);
            if (current is null && after.Count == 0)
            {
                return;
            }
            List<TableTransactionAction> actions = [current is null ? new(TableTransactionActionType.Add, after[0])
                : after.Count == 0 ? new(TableTransactionActionType.Delete, current, current.ETag)
                : new(TableTransactionActionType.UpdateReplace, after[0], current.ETag)];
            if (before > 0 && before != (after.Count == 0 ? 0 : after[0].Count))
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, FeedbackTableKeys.QueueRankRow(before, slug)), ETag.All));
            }
            actions.AddRange(after.Skip(1).Select(rank => new TableTransactionAction(TableTransactionActionType.UpsertReplace, rank)));
            var written = await _table.TrySubmitAsync(actions, CancellationToken.None);
            if (after.Count > 0)
            {
                after[0].ETag = written?[0] ?? default;
                _queueCounts.Remember(after[0]);
            }
            else
            {
                _queueCounts.Forget(partition, countRow);
            }
            if (written is not null)
            {
                return;
            }
        }
        throw new QueueContendedException($"The counts of '{slug}' in '{partition}' kept changing.");
    }

    // An article's counts row and rank row in a queue partition; none when it has no reports there.
    private static List<FeedbackQueueEntity> QueueRows(string partition, string slug, string? title, SortedDictionary<string, int> kinds)
    {
        foreach (var empty in kinds.Where(kind => kind.Value == 0).ToList())
        {
            kinds.Remove(empty.Key);
        }
        var (count, json) = (kinds.Values.Sum(), JsonSerializer.Serialize(kinds));
        return count == 0 ? [] :
        [
            new() { PartitionKey = partition, RowKey = FeedbackTableKeys.QueueCountRow(slug), Slug = slug, Title = title, Count = count, Kinds = json },
            new() { PartitionKey = partition, RowKey = FeedbackTableKeys.QueueRankRow(count, slug), Slug = slug, Title = title, Count = count, Kinds = json },
        ];
    }

    private sealed record QueueChange(string Kind, int Delta, string? Title);

    private sealed class QueueContendedException(string message) : Exception(message);
}

/// <summary>How <see cref="FeedbackStore.AddAsync"/> ended; only <see cref="Stored"/> wrote anything.</summary>
public enum FeedbackWrite
{
    Stored,

    /// <summary>The Idempotency-Key's row exists: a request with the same key stored first.</summary>
    IdempotencyKeyTaken,

    /// <summary>The sender is at its limit on the article (or kept losing races for its counter).</summary>
    RateLimited,
}
