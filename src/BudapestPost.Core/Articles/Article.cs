namespace BudapestPost.Core.Articles;

/// <summary>A validated article file: front matter plus its Markdown body.</summary>
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
    string ContentHash);
