namespace BudapestPost.Functions.Articles;

/// <summary>
/// The related-articles list shown under an article. Declared here and implemented by the
/// related-articles feature, so reading an article does not depend on how the lists are made.
/// </summary>
public interface IRelatedArticles
{
    /// <summary>The article's related list with a version tag for caching, or null when it has none.</summary>
    Task<RelatedArticles?> FindAsync(string slug, CancellationToken cancellationToken);
}

/// <summary>An article's related list; <see cref="ETag"/> changes whenever the list does.</summary>
public sealed record RelatedArticles(IReadOnlyList<RelatedArticle> Items, string ETag);

/// <summary>One entry of an article's related-articles list.</summary>
public sealed record RelatedArticle(string Slug, string Title, string Lead, DateTimeOffset Published, string Url, double Score);
