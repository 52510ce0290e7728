using BudapestPost.Core.Feedback;

namespace BudapestPost.Functions.Feedback;

/// <summary>An editor's list request: optionally one article and one status, newest first.</summary>
public sealed record FeedbackQuery(string? Article, FeedbackStatus? Status, int Limit, FeedbackCursor? After);
