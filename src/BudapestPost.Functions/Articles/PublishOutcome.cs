namespace BudapestPost.Functions.Articles;

public enum PublishOutcome
{
    /// <summary>The file is now the live version (or took the article out of listings, for drafts and retractions).</summary>
    Published,

    /// <summary>The live version already has this content; nothing was written.</summary>
    Unchanged,

    /// <summary>A newer upload of the same file is already live.</summary>
    Superseded,

    /// <summary>The file is invalid; the reasons are in <c>PublishErrors</c>.</summary>
    Rejected,
}
