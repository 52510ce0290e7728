using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Feedback;

/// <summary>A fixed-window counter: how many reports one client sent since <see cref="WindowStart"/>.</summary>
public sealed class RateCounterEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public DateTimeOffset WindowStart { get; set; }
    public int Count { get; set; }
}
