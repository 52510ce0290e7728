using BudapestPost.Core.Feedback;

namespace BudapestPost.Functions.Feedback;

/// <summary>A validated report with what the endpoint knows about where it came from.</summary>
public sealed record FeedbackIntakeRequest(
    string Slug,
    FeedbackSubmission Submission,
    string? IdempotencyKey,
    string ClientAddress,
    string? UserAgent);
