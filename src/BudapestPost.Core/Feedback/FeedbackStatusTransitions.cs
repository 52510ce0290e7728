namespace BudapestPost.Core.Feedback;

/// <summary>
/// The moves an editor may make:
/// new → triaged | resolved | rejected;
/// triaged → resolved | rejected;
/// resolved → triaged and rejected → triaged (reopen a closed report for another look).
/// Staying in the same status is allowed so an editor can change only the note.
/// Nothing returns to new: "new" means no editor has looked at it yet.
/// </summary>
public static class FeedbackStatusTransitions
{
    public static bool IsAllowed(FeedbackStatus from, FeedbackStatus to) =>
        from == to || (from, to) switch
        {
            (FeedbackStatus.New, FeedbackStatus.Triaged) => true,
            (FeedbackStatus.New, FeedbackStatus.Resolved) => true,
            (FeedbackStatus.New, FeedbackStatus.Rejected) => true,
            (FeedbackStatus.Triaged, FeedbackStatus.Resolved) => true,
            (FeedbackStatus.Triaged, FeedbackStatus.Rejected) => true,
            (FeedbackStatus.Resolved, FeedbackStatus.Triaged) => true,
            (FeedbackStatus.Rejected, FeedbackStatus.Triaged) => true,
            _ => false,
        };
}
