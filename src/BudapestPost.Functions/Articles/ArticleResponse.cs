namespace BudapestPost.Functions.Articles;

/// <summary>What <c>GET /api/articles/{slug}</c> returns.</summary>
public sealed record ArticleResponse(
    string Slug,
    string Title,
    string Lead,
    DateTimeOffset Published,
    DateTimeOffset? Updated,
    IReadOnlyList<string> Tags,
    string? Section,
    bool AiGenerated,
    string Html,
    string Text,
    IReadOnlyList<RelatedArticle> Related);
