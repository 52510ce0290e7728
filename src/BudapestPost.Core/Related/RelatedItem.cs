namespace BudapestPost.Core.Related;

/// <summary>One entry of an article's related list.</summary>
public sealed record RelatedItem(string Slug, string Title, string Lead, DateTimeOffset Published, double Score);
