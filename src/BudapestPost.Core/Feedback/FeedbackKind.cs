namespace BudapestPost.Core.Feedback;

/// <summary>What a reader reports about an article. Wire names are in <see cref="FeedbackNames"/>.</summary>
public enum FeedbackKind
{
    Inaccuracy,
    Typo,
    BrokenLink,
    Other,
}
