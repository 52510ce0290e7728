namespace BudapestPost.Core.Feedback;

/// <summary>Sizes a report may have. Text lengths count Unicode code points after normalization.</summary>
public static class FeedbackLimits
{
    public const int MessageMinLength = 10;
    public const int MessageMaxLength = 4000;
    public const int QuoteMaxLength = 1000;
    public const int EmailMaxLength = 254;
    public const int NameMaxLength = 100;
    public const int NoteMaxLength = 2000;
    public const int IdempotencyKeyMaxLength = 100;

    /// <summary>Largest request body accepted, in bytes.</summary>
    public const int BodyMaxBytes = 16 * 1024;
}
