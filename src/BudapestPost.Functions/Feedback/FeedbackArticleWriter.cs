using Azure.Data.Tables;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Stores reports in their article's partition, each in one transaction with its idempotency row and its
/// sender's per-article counter, so a report is counted exactly when it is stored. Reports on one article
/// that arrive while a transaction on it is in flight wait and go together in the next one (see
/// <see cref="WriteCoalescer{TChange}"/>): each sender's counter once, with all its reports counted, and
/// every report and idempotency row as its own action.
/// </summary>
/// <remarks>
/// A conflict concerns one action, which the service names, and settles only the reports it concerns: a
/// counter another instance moved is read again and the transaction retried; an Idempotency-Key whose row
/// exists answers its report as taken and the others are retried without it. Two reports with the same key
/// never share a transaction: the second waits for the next one, where the first's row answers it.
/// </remarks>
public sealed class FeedbackArticleWriter(TableServiceClient tables, IOptions<StorageOptions> storage, FeedbackRateLimiter limiter)
{
    // Each report adds at most three actions: itself, its idempotency row and its sender's counter.
    private const int ReportsPerTransaction = TableBatch.MaxActions / 3;

    private readonly TableClient _table = tables.GetTableClient(storage.Value.FeedbackTable);
    private readonly WriteCoalescer<PendingReport> _writes = new();

    /// <summary>
    /// Stored; IdempotencyKeyTaken when a report with the same Idempotency-Key stored first; or RateLimited, with
    /// how long until the sender may report on the article again. Storage failures propagate with nothing written.
    /// </summary>
    public async Task<(FeedbackWrite Written, TimeSpan RetryAfter)> StoreAsync(
        FeedbackEntity report, IdempotencyEntity? idempotency, CancellationToken cancellationToken)
    {
        var pending = new PendingReport(report, idempotency);
        await _writes.ApplyAsync(report.PartitionKey, pending, WriteAsync, cancellationToken);
        return (pending.Written ?? throw new InvalidOperationException("A report's write ended without an outcome."), pending.RetryAfter);
    }

    private async Task WriteAsync(IReadOnlyList<PendingReport> batch)
    {
        foreach (var transaction in Transactions(batch))
        {
            await WriteAsync(transaction);
        }
    }

    // At most a transaction's worth each, and a repeated Idempotency-Key goes into a later one.
    private static List<List<PendingReport>> Transactions(IReadOnlyList<PendingReport> batch)
    {
        var transactions = new List<(List<PendingReport> Reports, HashSet<string> Keys)>();
        foreach (var pending in batch)
        {
            var key = pending.Idempotency?.RowKey;
            var fits = transactions.FindIndex(t => t.Reports.Count < ReportsPerTransaction && (key is null || !t.Keys.Contains(key)));
            if (fits < 0)
            {
                transactions.Add(([], new HashSet<string>(StringComparer.Ordinal)));
                fits = transactions.Count - 1;
            }
            transactions[fits].Reports.Add(pending);
            if (key is not null)
            {
                transactions[fits].Keys.Add(key);
            }
        }
        return transactions.ConvertAll(t => t.Reports);
    }

    private async Task WriteAsync(List<PendingReport> open)
    {
        var reread = new HashSet<string>(StringComparer.Ordinal); // counter rows another instance moved
        for (var attempt = 0; open.Count > 0 && attempt < FeedbackRateLimiter.MaxAttempts; attempt++)
        {
            var actions = await CountedActionsAsync(open, reread);
            open.RemoveAll(pending => pending.Written is not null);
            if (open.Count == 0)
            {
                return;
            }
            var result = await TableBatch.TrySubmitAsync(_table, actions, CancellationToken.None);
            if (result.Conflict is null)
            {
                for (var i = 0; i < actions.Count; i++)
                {
                    if (actions[i].Entity is RateCounterEntity counter)
                    {
                        counter.ETag = result.ETags[i];
                        limiter.Remember(counter);
                    }
                }
                open.ForEach(pending => pending.Written = FeedbackWrite.Stored);
                return;
            }
            await SettleConflictAsync(open, result.Conflict.FailedIndex is { } index ? actions[index].Entity : null, reread);
            open.RemoveAll(pending => pending.Written is not null);
        }
        // Every attempt lost a race, as for a burst from one client spread over instances.
        open.ForEach(pending => (pending.Written, pending.RetryAfter) = (FeedbackWrite.RateLimited, TimeSpan.FromSeconds(1)));
    }

    // Each sender's reports counted on its counter: the ones within its limit as actions, the rest refused.
    private async Task<List<TableTransactionAction>> CountedActionsAsync(List<PendingReport> open, HashSet<string> reread)
    {
        var slug = open[0].Report.PartitionKey;
        var senders = open.GroupBy(pending => pending.Report.ClientHash, StringComparer.Ordinal).ToList();
        var currents = await Task.WhenAll(senders.Select(sender =>
            limiter.ArticleCounterAsync(slug, sender.Key, reread.Contains(FeedbackTableKeys.RateRow(sender.Key)), CancellationToken.None)));
        var actions = new List<TableTransactionAction>();
        for (var i = 0; i < senders.Count; i++)
        {
            var reports = senders[i].ToList();
            var counter = limiter.CountArticleReports(currents[i], slug, senders[i].Key, reports.Count, out var taken, out var retryAfter);
            foreach (var refused in reports.Skip(taken))
            {
                (refused.Written, refused.RetryAfter) = (FeedbackWrite.RateLimited, retryAfter);
            }
            foreach (var pending in reports.Take(taken))
            {
                actions.Add(new(TableTransactionActionType.Add, pending.Report));
                if (pending.Idempotency is not null)
                {
                    actions.Add(new(TableTransactionActionType.Add, pending.Idempotency));
                }
            }
            if (taken > 0)
            {
                actions.Add(counter.ETag == default
                    ? new(TableTransactionActionType.Add, counter)
                    : new(TableTransactionActionType.UpdateReplace, counter, counter.ETag));
            }
        }
        return actions;
    }

    private async Task SettleConflictAsync(List<PendingReport> open, Azure.Data.Tables.ITableEntity? failed, HashSet<string> reread)
    {
        switch (failed)
        {
            case IdempotencyEntity taken:
                open.Single(pending => ReferenceEquals(pending.Idempotency, taken)).Written = FeedbackWrite.IdempotencyKeyTaken;
                break;
            case RateCounterEntity moved:
                limiter.Forget(moved);
                reread.Add(moved.RowKey);
                break;
            case FeedbackEntity report:
                // Report ids are random; on the rare clash the report takes another.
                var pending = open.Single(p => ReferenceEquals(p.Report, report));
                report.RowKey = FeedbackId.Create(report.Received);
                if (pending.Idempotency is not null)
                {
                    pending.Idempotency.FeedbackId = report.RowKey;
                }
                break;
            default:
                // The service did not say which action failed: ask the rows that can clash.
                foreach (var keyed in open.Where(p => p.Idempotency is not null))
                {
                    var existing = await _table.GetEntityIfExistsAsync<IdempotencyEntity>(
                        keyed.Idempotency!.PartitionKey, keyed.Idempotency.RowKey, cancellationToken: CancellationToken.None);
                    keyed.Written = existing.HasValue ? FeedbackWrite.IdempotencyKeyTaken : null;
                }
                foreach (var sender in open.Select(p => p.Report.ClientHash).Distinct(StringComparer.Ordinal))
                {
                    reread.Add(FeedbackTableKeys.RateRow(sender));
                }
                break;
        }
    }

    /// <summary>A report waiting for its article's next transaction; <see cref="Written"/> is set by the write that settles it.</summary>
    private sealed class PendingReport(FeedbackEntity report, IdempotencyEntity? idempotency)
    {
        public FeedbackEntity Report { get; } = report;
        public IdempotencyEntity? Idempotency { get; } = idempotency;
        public FeedbackWrite? Written { get; set; }
        public TimeSpan RetryAfter { get; set; }
    }
}

/// <summary>How <see cref="FeedbackArticleWriter.StoreAsync"/> ended; only <see cref="Stored"/> wrote anything.</summary>
public enum FeedbackWrite
{
    Stored,

    /// <summary>The Idempotency-Key's row exists: a request with the same key stored first.</summary>
    IdempotencyKeyTaken,

    /// <summary>The sender is at its limit on the article (or kept losing races for its counter): nothing stored.</summary>
    RateLimited,
}
