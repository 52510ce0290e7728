using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;

namespace BudapestPost.Functions.Feeds;

/// <summary>
/// Finds the articles that come after a feed's oldest entry when an entry leaves a full feed:
/// one range read of the feed's listing partition plus one rendered version per article found.
/// Also loads the entries of a rebuild. The entry of each version read is kept for the feeds' rendering.
/// </summary>
public sealed class FeedBackfill(ArticleCatalog catalog, PublishedArticles published, FeedRenderer renderer)
{
    public async Task<(IReadOnlyList<FeedArticle> Older, bool Exhausted)> OlderAsync(
        FeedScope scope, FeedArticle? oldest, int count, CancellationToken cancellationToken)
    {
        var partition = scope.Kind switch
        {
            FeedScopeKind.Tag => CatalogKeys.TagPartition(scope.Name),
            FeedScopeKind.Section => CatalogKeys.SectionPartition(scope.Name),
            _ => CatalogKeys.LatestPartition,
        };
        var after = oldest is null ? null : CatalogKeys.ListingRowKey(oldest.Published, oldest.Slug);
        var rows = await catalog.ListAfterAsync(partition, after, count, cancellationToken);

        var entries = new List<FeedArticle>(rows.Count);
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
    public async Task<FeedArticle?> EntryAsync(string slug, string contentHash, CancellationToken cancellationToken)
    {
        if (await published.ReadAsync(slug, contentHash, cancellationToken) is not { } version)
        {
            return null;
        }
        await renderer.RememberAsync(renderer.EntryOf(version), contentHash);
        return new FeedArticle(slug, version.Published, contentHash);
    }
}
