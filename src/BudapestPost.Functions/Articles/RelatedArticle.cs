namespace BudapestPost.Functions.Articles;

/// <summary>One entry of an article's related-articles list.</summary>
public sealed record RelatedArticle(string Slug, string Title, string Lead, DateTimeOffset Published, string Url, double Score);
