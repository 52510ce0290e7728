using Azure;
using Azure.Data.Tables;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Editors;

/// <summary>
/// The append-only audit log: every editor write and every read of readers' personal data, with who asked
/// (a person's name and Entra object id, or a function key), when, what and from which address. Rows are only
/// ever added; one partition, newest first by row key.
/// </summary>
public sealed class AuditLog(TableServiceClient tables, IOptions<StorageOptions> options, TimeProvider time)
{
    private const string Scope = "audit";
    private readonly TableClient _table = tables.GetTableClient(options.Value.AuditTable);

    public async Task RecordAsync(Caller caller, string action, string target, string from, CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        await _table.AddEntityAsync(new AuditEntity
        {
            PartitionKey = AuditEntity.Partition,
            RowKey = AuditEntity.RowKeyOf(at, Guid.NewGuid()),
            At = at,
            Who = caller.Name,
            WhoId = caller.ObjectId,
            Action = action,
            Target = target,
            Address = from,
        }, cancellationToken);
    }

    /// <summary>One page of the log, newest first; null when the continuation is not one this log gave.</summary>
    public Task<ListPage<AuditItem>?> ListAsync(int limit, string? continuation, CancellationToken cancellationToken) =>
        _table.ReadListPageAsync<AuditEntity, AuditItem>(
            Scope, TableClient.CreateQueryFilter($"PartitionKey eq {AuditEntity.Partition}"), limit, continuation, AuditItem.From, cancellationToken);
}

/// <summary>A row of the <c>Audit</c> table: RK reverse time and a random suffix, so the newest come first and none collide.</summary>
public sealed class AuditEntity : ITableEntity
{
    public const string Partition = "audit";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public DateTimeOffset At { get; set; }
    public string Who { get; set; } = "";
    public string? WhoId { get; set; }
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string Address { get; set; } = "";

    public static string RowKeyOf(DateTimeOffset at, Guid id) => $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}_{id:N}";
}

/// <summary>An audit record as <c>GET /api/audit</c> shows it.</summary>
public sealed record AuditItem(DateTimeOffset At, string Who, string? WhoId, string Action, string Target, string Address)
{
    public static AuditItem From(AuditEntity row) => new(row.At, row.Who, row.WhoId, row.Action, row.Target, row.Address);
}
