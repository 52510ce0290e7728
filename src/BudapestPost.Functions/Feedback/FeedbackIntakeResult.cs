namespace BudapestPost.Functions.Feedback;

/// <summary>How a submission ended: a receipt when stored (or replayed), a wait time when rate limited.</summary>
public sealed record FeedbackIntakeResult(FeedbackIntakeOutcome Outcome, FeedbackReceipt? Receipt = null, TimeSpan RetryAfter = default);
