namespace BudapestPost.Functions.Feedback;

/// <summary>One page of reports, newest first; <see cref="Next"/> is null on the last page.</summary>
public sealed record FeedbackPage(IReadOnlyList<FeedbackEntity> Items, FeedbackCursor? Next);
