namespace BudapestPost.Core.Articles;

/// <summary>
/// A validated article file: front matter plus its Markdown body. <see cref="Updated"/> is never
/// earlier than the latest of <see cref="Corrections"/> (oldest first): a correction updates the article.
/// </summary>
public sealed record Article(
    string Slug,
    string Title,
    string Lead,
    DateTimeOffset Published,
    DateTimeOffset? Updated,
    IReadOnlyList<string> Tags,
    string? Section,
    ArticleStatus Status,
    bool AiGenerated,
    string Body,
    string ContentHash)
{
    public IReadOnlyList<Correction> Corrections { get; init; } = [];
}

public enum ArticleStatus
{
    Published,
    Draft,
    Retracted,
}

/// <summary>A dated public note saying what was wrong in an article and what was changed.</summary>
public sealed record Correction(DateTimeOffset At, string Text);
