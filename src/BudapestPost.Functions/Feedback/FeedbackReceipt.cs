namespace BudapestPost.Functions.Feedback;

/// <summary>What a reader gets back for a stored report (never the email address).</summary>
public sealed record FeedbackReceipt(string Id, string Article, string Kind, string Status, DateTimeOffset Received);
