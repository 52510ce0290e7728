using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;

namespace BudapestPost.Functions.Feeds;

/// <summary>
/// Finds the articles that come after a feed's oldest entry when an entry leaves a full feed:
/// one range read of the feed's listing partition plus one rendered version per article found.
/// Also loads the entries of a rebuild. The HTML of each version read is kept for the feeds' rendering.
/// </summary>
public sealed class FeedBackfill(ArticleCatalog catalog, PublishedArticles published, FeedContent content, FeedRenderer renderer)
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
                await EntryAsync(row.Slug, hash, cancellationToken) is { } entry)
            {
                entries.Add(entry);
            }
        }
        return (entries, rows.Count < count);
    }

    /// <summary>The feed entry of one rendered version, or null when that version is not stored.</summary>
    public async Task<FeedEntry?> EntryAsync(string slug, string contentHash, CancellationToken cancellationToken)
    {
        if (await published.ReadAsync(slug, contentHash, cancellationToken) is not { } article)
        {
            return null;
        }
        await content.RememberAsync(slug, contentHash, article.Html);
        return new FeedEntry(article.Slug, article.Title, article.Lead, renderer.ArticleUrl(article.Slug),
            article.Published, article.Updated, article.Tags, article.Section, Author: null, contentHash);
    }
}
