using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>
/// What was sent to whom: one row per (subscriber, digest), PK <c>deliveries~{subscriber key}</c>, RK digest id.
/// The row is claimed before the email is sent, so a retried batch never sends a digest to anyone twice:
/// a claim that exists is skipped whatever its state. A crash between claim and send therefore loses that
/// one email rather than risking a duplicate; such rows stay <c>sending</c>, visible to an operator.
/// </summary>
public sealed class DeliveryLog(TableServiceClient tables, IOptions<NewsletterOptions> options, TimeProvider time)
{
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Refused = "refused";

    private readonly TableClient _table = tables.GetTableClient(options.Value.Table);

    /// <summary>True when this call claimed the delivery; false when an earlier attempt did.</summary>
    public async Task<bool> TryClaimAsync(string subscriberKey, string digestId, CancellationToken cancellationToken)
    {
        var row = new DeliveryEntity
        {
            PartitionKey = NewsletterKeys.DeliveriesPartition(subscriberKey), RowKey = digestId, State = Sending, At = time.GetUtcNow(),
        };
        try
        {
            await _table.AddEntityAsync(row, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.ErrorCode == TableErrorCode.EntityAlreadyExists)
        {
            return false;
        }
    }

    /// <summary>Records the outcome of a claimed delivery: <see cref="Sent"/>, or <see cref="Refused"/> with the server's reason.</summary>
    public Task RecordAsync(string subscriberKey, string digestId, string state, string? reason, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(new DeliveryEntity
        {
            PartitionKey = NewsletterKeys.DeliveriesPartition(subscriberKey), RowKey = digestId, State = state, At = time.GetUtcNow(), Reason = reason,
        }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Gives a claim back when the email certainly did not go out, so a retry sends it.</summary>
    public Task ReleaseAsync(string subscriberKey, string digestId, CancellationToken cancellationToken) =>
        _table.DeleteEntityAsync(NewsletterKeys.DeliveriesPartition(subscriberKey), digestId, ETag.All, cancellationToken);

    public async Task<DeliveryEntity?> FindAsync(string subscriberKey, string digestId, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<DeliveryEntity>(
            NewsletterKeys.DeliveriesPartition(subscriberKey), digestId, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Deletes every delivery row of one subscriber; returns how many there were.</summary>
    public async Task<int> EraseAsync(string subscriberKey, CancellationToken cancellationToken)
    {
        var partition = NewsletterKeys.DeliveriesPartition(subscriberKey);
        var rows = _table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken);
        var deleted = 0;
        await foreach (var page in rows.AsPages(pageSizeHint: 100))
        {
            // One transaction per page: rows of a partition, at most 100 at a time.
            if (page.Values.Count > 0)
            {
                await _table.SubmitTransactionAsync(
                    page.Values.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
                deleted += page.Values.Count;
            }
        }
        return deleted;
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
