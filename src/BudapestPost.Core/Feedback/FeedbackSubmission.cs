namespace BudapestPost.Core.Feedback;

/// <summary>A reader's report after validation and normalization; optional fields are null when not given.</summary>
public sealed record FeedbackSubmission(
    FeedbackKind Kind,
    string Message,
    string? Quote,
    string? Email,
    string? Name);
