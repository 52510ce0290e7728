namespace BudapestPost.Functions.Feedback;

public enum FeedbackIntakeOutcome
{
    /// <summary>Stored now.</summary>
    Created,

    /// <summary>Stored earlier under the same Idempotency-Key with the same content; nothing new stored.</summary>
    Replayed,

    /// <summary>No published article with that slug.</summary>
    ArticleNotFound,

    /// <summary>The Idempotency-Key was used before with different content.</summary>
    IdempotencyConflict,

    /// <summary>The client is over a rate limit.</summary>
    RateLimited,
}
