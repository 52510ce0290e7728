namespace BudapestPost.Functions.Articles;

/// <summary>
/// The rendered read model of one valid article version, stored as JSON, and what
/// <c>GET /api/articles/{slug}</c> returns once <see cref="Related"/> is filled in.
/// </summary>
public sealed record PublishedArticle(
    string Slug,
    string Title,
    string Lead,
    DateTimeOffset Published,
    DateTimeOffset? Updated,
    IReadOnlyList<string> Tags,
    string? Section,
    bool AiGenerated,
    string Html,
    string Text)
{
    public IReadOnlyList<RelatedArticle> Related { get; init; } = [];
}
