using BudapestPost.Functions.Articles;

namespace BudapestPost.Functions.Related;

/// <summary><c>indexes/related/{slug}.json</c>: the articles shown under one article.</summary>
public sealed record RelatedListDocument(string Slug, DateTimeOffset GeneratedAt, IReadOnlyList<RelatedArticle> Items);
