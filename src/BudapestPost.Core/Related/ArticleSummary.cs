namespace BudapestPost.Core.Related;

/// <summary>An article as it appears in the newest lists.</summary>
public sealed record ArticleSummary(string Slug, string Title, string Lead, DateTimeOffset Published);
