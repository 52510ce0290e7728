namespace BudapestPost.Core.Feedback;

/// <summary>
/// Why a report was resolved. <see cref="Corrected"/> is set only by publishing a correction, which
/// links the report to it; editors choose the others when they resolve a report by hand.
/// </summary>
public enum FeedbackResolution
{
    Corrected,
    NoError,
    Duplicate,
    OutOfScope,
}
