using System.Globalization;
using Azure;
using Azure.Data.Tables;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Storage;

namespace BudapestPost.Functions.Articles;

/// <summary>What happened to an article, as the change feed tells apps and mirrors.</summary>
public enum ArticleChangeKind
{
    Published,
    Updated,
    Retracted,
    Unpublished,
}

/// <summary>One entry of the change feed; <see cref="Sequence"/> orders them.</summary>
public sealed record CatalogChangeEntry(long Sequence, string Slug, ArticleChangeKind Change, DateTimeOffset At);

/// <summary>
/// The change feed, in partition <c>changes</c> of the <c>Articles</c> table: one row per change,
/// keyed by a sequence number, and a row <c>~sequence</c> holding the last number given.
/// </summary>
/// <remarks>
/// Each change and the new sequence are written in one table transaction, If-Match the sequence
/// row, so numbers are given in commit order: a reader that has seen number n has seen every
/// change before it, and reading "after n" is a range read, never a scan. The catalog appends the
/// change before it commits the article row; a crash in between makes the retry append it again,
/// so a client may see a change twice but never misses one.
/// </remarks>
public sealed class CatalogChanges(TableClient table, TimeProvider time)
{
    public const string Partition = "changes";
    private const string SequenceRowKey = "~sequence";

    private ChangeEntity? _lastWritten;

    /// <summary>The change a publish makes, from the status before and after; null when clients need not hear of it.</summary>
    public static ArticleChangeKind? Of(ArticleStatus? previous, ArticleStatus status) => status switch
    {
        ArticleStatus.Published when previous == ArticleStatus.Published => ArticleChangeKind.Updated,
        ArticleStatus.Published => ArticleChangeKind.Published,
        // Only what readers saw is retracted to them: a version that never went live (a scheduled one cancelled) leaves no trace.
        ArticleStatus.Retracted when previous == ArticleStatus.Published => ArticleChangeKind.Retracted,
        ArticleStatus.Draft when previous == ArticleStatus.Published => ArticleChangeKind.Unpublished,
        _ => null,
    };

    /// <summary>Appends a change; returns its sequence number.</summary>
    public async Task<long> AppendAsync(string slug, ArticleChangeKind change, CancellationToken cancellationToken)
    {
        // The sequence row as this instance last wrote it: read only when another writer moved it since.
        var current = Volatile.Read(ref _lastWritten);
        while (true)
        {
            current ??= await table.FindAsync<ChangeEntity>(Partition, SequenceRowKey, cancellationToken)
                ?? new ChangeEntity { PartitionKey = Partition, RowKey = SequenceRowKey };
            var sequence = current.Sequence + 1;
            var next = new ChangeEntity { PartitionKey = Partition, RowKey = SequenceRowKey, Sequence = sequence };
            var row = new ChangeEntity
            {
                PartitionKey = Partition, RowKey = RowKey(sequence), Sequence = sequence,
                Slug = slug, Change = change.ToString().ToLowerInvariant(), At = time.GetUtcNow(),
            };
            var written = await table.TrySubmitAsync(
                [ConditionalWrite.AddOrReplace(next, current.ETag), new TableTransactionAction(TableTransactionActionType.Add, row)], cancellationToken);
            if (written is not null)
            {
                next.ETag = written[0];
                Volatile.Write(ref _lastWritten, next.ETag == default ? null : next);
                return sequence;
            }
            // Another change took this number: take the next. A newer row another append here wrote stays kept.
            Interlocked.CompareExchange(ref _lastWritten, null, current);
            current = null;
        }
    }

    /// <summary>The number of the last change given, 0 before the first.</summary>
    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken)
    {
        return (await table.FindAsync<ChangeEntity>(Partition, SequenceRowKey, cancellationToken))?.Sequence ?? 0;
    }

    /// <summary>Up to <paramref name="limit"/> changes after sequence number <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<CatalogChangeEntry>> ReadAsync(long after, int limit, CancellationToken cancellationToken)
    {
        var entries = new List<CatalogChangeEntry>(limit);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey gt {RowKey(after)} and RowKey lt {SequenceRowKey}");
        await foreach (var row in table.QueryAsync<ChangeEntity>(filter, limit, cancellationToken: cancellationToken))
        {
            entries.Add(new CatalogChangeEntry(row.Sequence, row.Slug, Enum.Parse<ArticleChangeKind>(row.Change, ignoreCase: true), row.At));
            if (entries.Count == limit)
            {
                break;
            }
        }
        return entries;
    }

    private static string RowKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    private sealed class ChangeEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public long Sequence { get; set; }
        public string Slug { get; set; } = "";
        public string Change { get; set; } = "";
        public DateTimeOffset At { get; set; }
    }
}
