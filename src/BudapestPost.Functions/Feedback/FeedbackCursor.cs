namespace BudapestPost.Functions.Feedback;

/// <summary>The last report a page returned; the next page starts after it in newest-first order.</summary>
public sealed record FeedbackCursor(string RowKey, string PartitionKey);
