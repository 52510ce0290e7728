using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Site;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feeds;

/// <summary>
/// Finds the articles that come after a feed's oldest entry when an entry leaves a full feed:
/// one range read of the feed's listing partition plus one rendered version per article found.
/// </summary>
public sealed class FeedBackfill(ArticleCatalog catalog, PublishedArticles published, IOptions<SiteOptions> site)
{
    public async Task<(IReadOnlyList<FeedEntry> Older, bool Exhausted)> OlderAsync(
        FeedScope scope, FeedEntry? oldest, int count, CancellationToken cancellationToken)
    {
        var partition = scope.Kind switch
        {
            FeedScopeKind.Tag => CatalogKeys.TagPartition(scope.Name),
            FeedScopeKind.Section => CatalogKeys.SectionPartition(scope.Name),
            _ => CatalogKeys.LatestPartition,
        };
        var after = oldest is null ? null : CatalogKeys.ListingRowKey(oldest.Published, oldest.Slug);
        var rows = await catalog.ListAfterAsync(partition, after, count, cancellationToken);

        var entries = new List<FeedEntry>(rows.Count);
        foreach (var row in rows)
        {
            if (await catalog.FindAsync(row.Slug, cancellationToken) is { ContentHash: { } hash } &&
                await published.ReadAsync(row.Slug, hash, cancellationToken) is { } article)
            {
                entries.Add(new FeedEntry(article.Slug, article.Title, article.Lead, article.Html, site.Value.ArticleUrl(article.Slug),
                    article.Published, article.Updated, article.Tags, article.Section, Author: null));
            }
        }
        return (entries, rows.Count < count);
    }
}
