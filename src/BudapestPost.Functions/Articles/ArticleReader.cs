using BudapestPost.Core.Articles;
using BudapestPost.Functions.Http;

namespace BudapestPost.Functions.Articles;

/// <summary>What readers get: listings from the catalog, and an article with its related list.</summary>
public sealed class ArticleReader(ArticleCatalog catalog, PublishedArticles published, IRelatedArticles related)
{
    /// <summary>
    /// One page of the newest articles, optionally within a tag. Null when the continuation token
    /// does not belong to this listing.
    /// </summary>
    public async Task<ListPage<ArticleListItem>?> ListAsync(string? tag, int limit, string? continuation, CancellationToken cancellationToken)
    {
        var scope = tag ?? "";
        string? storageToken = null;
        if (continuation is not null && !ContinuationToken.TryDecode(continuation, scope, out storageToken))
        {
            return null;
        }
        var page = await catalog.ListAsync(tag, limit, storageToken, cancellationToken);
        return page is null
            ? null
            : new ListPage<ArticleListItem>(
                page.Items.Select(ArticleListItem.From).ToList(), ContinuationToken.Encode(scope, page.Continuation));
    }

    /// <summary>The live version of a published article with its related list, and an ETag covering both.</summary>
    public async Task<ArticleLookup> GetAsync(string slug, CancellationToken cancellationToken)
    {
        var entry = await catalog.FindAsync(slug, cancellationToken);
        if (entry?.ArticleStatus == ArticleStatus.Retracted)
        {
            return new ArticleLookup(ArticleLookupOutcome.Retracted);
        }
        var article = entry?.ArticleStatus == ArticleStatus.Published
            ? await published.ReadAsync(slug, entry.ContentHash!, cancellationToken)
            : null;
        if (article is null)
        {
            return new ArticleLookup(ArticleLookupOutcome.NotFound);
        }

        var list = await related.FindAsync(slug, cancellationToken);
        return new ArticleLookup(
            ArticleLookupOutcome.Found,
            article with { Related = list?.Items ?? [] },
            HttpCaching.StrongETag(entry!.ContentHash!, list?.ETag ?? ""));
    }
}

public enum ArticleLookupOutcome
{
    Found,

    /// <summary>Never published, a draft, or not yet rendered.</summary>
    NotFound,

    Retracted,
}

public sealed record ArticleLookup(ArticleLookupOutcome Outcome, PublishedArticle? Article = null, string? ETag = null);

/// <summary>An article as listings show it.</summary>
public sealed record ArticleListItem(
    string Slug, string Title, string Lead, DateTimeOffset Published, IReadOnlyList<string> Tags, string? Section, string Url)
{
    public static ArticleListItem From(CatalogEntity row) =>
        new(row.Slug, row.Title, row.Lead, row.Published, row.TagList, row.Section, ArticleUrls.Article(row.Slug));
}
