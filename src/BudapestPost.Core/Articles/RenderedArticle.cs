namespace BudapestPost.Core.Articles;

/// <summary>An article body as sanitized HTML and as plain text (for search, previews, feeds).</summary>
public sealed record RenderedArticle(string Html, string Text);
