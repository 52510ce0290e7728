namespace BudapestPost.Core.Feedback;

/// <summary>Where a report stands in editor triage. Allowed moves are in <see cref="FeedbackStatusTransitions"/>.</summary>
public enum FeedbackStatus
{
    New,
    Triaged,
    Resolved,
    Rejected,
}
