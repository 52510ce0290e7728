using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// One reader report in the Feedback table: PartitionKey = article slug, RowKey = report id
/// (<see cref="Core.Feedback.FeedbackId"/>, newest first). The client address is kept only as a salted hash.
/// </summary>
public sealed class FeedbackEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Kind { get; set; } = "";
    public string Message { get; set; } = "";
    public string? Quote { get; set; }
    public string? Email { get; set; }
    public string? Name { get; set; }
    public string Status { get; set; } = "";
    public string? EditorNote { get; set; }

    /// <summary>Why a resolved report was closed (<see cref="Core.Feedback.FeedbackResolution"/> by name); null otherwise.</summary>
    public string? Resolution { get; set; }

    /// <summary>The published correction a "corrected" report links to.</summary>
    public string? Correction { get; set; }
    public DateTimeOffset Received { get; set; }
    public DateTimeOffset Updated { get; set; }

    /// <summary>The editor who last changed the report (triage, or a correction answering it); null while no one has.</summary>
    public string? UpdatedBy { get; set; }
    public string ClientHash { get; set; } = "";
    public string? UserAgent { get; set; }
}
