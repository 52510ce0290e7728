namespace BudapestPost.Functions.Related;

/// <summary>One entry of a newest-articles list.</summary>
public sealed record NewestArticle(string Slug, string Title, string Lead, DateTimeOffset Published, string Url);
