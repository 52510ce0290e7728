namespace BudapestPost.Functions.Feedback;

/// <summary>Whether a client may send another report now, and if not, how long until it may.</summary>
public sealed record RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static RateLimitDecision Allow { get; } = new(true, TimeSpan.Zero);
}
