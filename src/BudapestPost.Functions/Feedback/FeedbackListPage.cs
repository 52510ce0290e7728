namespace BudapestPost.Functions.Feedback;

public sealed record FeedbackListPage(IReadOnlyList<FeedbackListItem> Items, string? Continuation);
