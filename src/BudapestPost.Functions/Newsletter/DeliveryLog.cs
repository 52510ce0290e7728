using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>
/// What was sent to whom: one row per (digest, subscriber), PK <c>deliveries~{digest id}</c>, RK subscriber key,
/// so a whole batch is claimed, and later recorded, in one table transaction each. A batch claims its
/// subscribers before sending, so a retried batch never sends a digest to anyone twice: a claim that exists
/// is skipped whatever its state. Claims of emails that certainly did not go out are released for the retry;
/// only a crash in the middle of a batch leaves claims <c>sending</c> (those readers miss that digest rather
/// than risk getting it twice), visible to an operator.
/// </summary>
public sealed class DeliveryLog(TableServiceClient tables, IOptions<StorageOptions> storage, TimeProvider time)
{
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Refused = "refused";

    // A table transaction holds at most 100 operations, all in one partition.
    private const int TransactionSize = 100;
    private const int MaxAttempts = 5;

    private readonly TableClient _table = tables.GetTableClient(storage.Value.NewsletterTable);

    /// <summary>Claims the deliveries of <paramref name="subscriberKeys"/> (sorted) not claimed before; returns those this call claimed.</summary>
    public async Task<IReadOnlyList<string>> ClaimAsync(string digestId, IReadOnlyList<string> subscriberKeys, CancellationToken cancellationToken)
    {
        var partition = NewsletterKeys.DeliveriesPartition(digestId);
        for (var attempt = 0; attempt < MaxAttempts && subscriberKeys.Count > 0; attempt++)
        {
            var (first, last) = (subscriberKeys[0], subscriberKeys[^1]);
            var earlier = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var row in _table.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {first} and RowKey le {last}"),
                select: ["RowKey"], cancellationToken: cancellationToken))
            {
                earlier.Add(row.RowKey);
            }
            var unclaimed = subscriberKeys.Where(key => !earlier.Contains(key)).ToList();
            var now = time.GetUtcNow();
            try
            {
                await SubmitAsync(unclaimed.Select(key => new TableTransactionAction(TableTransactionActionType.Add,
                    new DeliveryEntity { PartitionKey = partition, RowKey = key, State = Sending, At = now })), cancellationToken);
                return unclaimed;
            }
            catch (TableTransactionFailedException e) when (ConditionalWrite.LostRace(e))
            {
                // Another invocation of the same batch claimed some of them meanwhile: read again.
            }
        }
        throw new InvalidOperationException($"Deliveries of digest {digestId} kept being claimed concurrently.");
    }

    /// <summary>Records the outcomes of claimed deliveries: <see cref="Sent"/>, or <see cref="Refused"/> with the server's reason.</summary>
    public async Task RecordAsync(string digestId, IEnumerable<(string SubscriberKey, string State, string? Reason)> outcomes, CancellationToken cancellationToken)
    {
        var (partition, now) = (NewsletterKeys.DeliveriesPartition(digestId), time.GetUtcNow());
        var rows = outcomes.Select(o => new DeliveryEntity { PartitionKey = partition, RowKey = o.SubscriberKey, State = o.State, At = now, Reason = o.Reason });
        foreach (var chunk in rows.Chunk(TransactionSize))
        {
            try
            {
                await _table.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, ETag.All)), cancellationToken);
            }
            catch (TableTransactionFailedException e) when (ConditionalWrite.LostRace(e))
            {
                // A reader was erased while the batch was sending: their claim is gone and must stay gone.
                foreach (var row in chunk)
                {
                    await UpdateIfExistsAsync(row, cancellationToken);
                }
            }
        }
    }

    private async Task UpdateIfExistsAsync(DeliveryEntity row, CancellationToken cancellationToken)
    {
        try
        {
            await _table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (ConditionalWrite.LostRace(e))
        {
        }
    }

    /// <summary>Gives claims back when their emails certainly did not go out, so a retry sends them.</summary>
    public Task ReleaseAsync(string digestId, IEnumerable<string> subscriberKeys, CancellationToken cancellationToken)
    {
        var partition = NewsletterKeys.DeliveriesPartition(digestId);
        return SubmitAsync(subscriberKeys.Select(key =>
            new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key), ETag.All)), cancellationToken);
    }

    public Task<DeliveryEntity?> FindAsync(string digestId, string subscriberKey, CancellationToken cancellationToken) =>
        _table.FindAsync<DeliveryEntity>(NewsletterKeys.DeliveriesPartition(digestId), subscriberKey, cancellationToken);

    /// <summary>Deletes one subscriber's delivery row of every digest (one point delete per digest); returns how many there were.</summary>
    public async Task<int> EraseAsync(string subscriberKey, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var digest in _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {NewsletterKeys.DigestsPartition}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            // A missing row answers 404 without an exception.
            var response = await _table.DeleteEntityAsync(NewsletterKeys.DeliveriesPartition(digest.RowKey), subscriberKey, ETag.All, cancellationToken);
            deleted += response.Status == 204 ? 1 : 0;
        }
        return deleted;
    }

    private async Task SubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var chunk in actions.Chunk(TransactionSize))
        {
            await _table.SubmitTransactionAsync(chunk, cancellationToken);
        }
    }
}

public sealed class DeliveryEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string State { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string? Reason { get; set; }
}
