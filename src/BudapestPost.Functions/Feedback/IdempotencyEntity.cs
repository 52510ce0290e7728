using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Remembers which report an Idempotency-Key created and a hash of the request it came with, written in
/// the same table transaction as the report so a key is never recorded without its report or vice versa.
/// </summary>
public sealed class IdempotencyEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string FeedbackId { get; set; } = "";
    public string RequestHash { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTimeOffset Received { get; set; }
}
