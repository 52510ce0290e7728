using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// An article's reports in one status, as the editors' queue counts them. Written twice in the status's
/// partition, in one transaction: the counts row (found by slug) and the rank row (ordered by count).
/// </summary>
public sealed class FeedbackQueueEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Slug { get; set; } = "";
    public string? Title { get; set; }
    public int Count { get; set; }

    /// <summary>Reports per kind as JSON (<c>{"inaccuracy":2,"typo":1}</c>); only kinds with reports.</summary>
    public string Kinds { get; set; } = "{}";
}
