using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Feeds;

/// <summary>What a rebuild wrote.</summary>
public sealed record FeedRebuildResult(int Articles, int Feeds, int SitemapMonths);

/// <summary>
/// Writes every feed and sitemap state again from the catalog: for a first deployment onto existing
/// articles, or after the site's article URLs changed (the feeds' own links are filled in when read).
/// Reads every published article row (a scan, which only this admin operation makes) and the
/// rendered versions of the entries feeds keep; an article whose version is missing is left out of
/// the feeds (the next older takes its place) and logged. Publishes running at the same time may be
/// overwritten; publish them again afterwards.
/// </summary>
public sealed class FeedRebuilder(
    ArticleCatalog catalog,
    FeedBackfill backfill,
    FeedBlobs blobs,
    FeedRenderer renderer,
    TimeProvider time,
    ILogger<FeedRebuilder> logger)
{
    public async Task<FeedRebuildResult> RebuildAsync(CancellationToken cancellationToken)
    {
        var articles = new List<Article>();
        await foreach (var row in catalog.ListPublishedAsync(cancellationToken))
        {
            articles.Add(new Article(row.Slug, row.Title, row.Lead, row.Published, row.Updated, row.TagList, row.Section,
                ArticleStatus.Published, row.AiGenerated, Body: "", row.ContentHash ?? ""));
        }
        var snapshot = await FeedSnapshot.BuildAsync(articles, async article =>
        {
            var entry = await backfill.EntryAsync(article.Slug, article.ContentHash, cancellationToken);
            if (entry is null)
            {
                logger.LogError("The published version {ContentHash} of {Slug} is missing, so the rebuild left it out of the feeds; " +
                    "publish the article again from a changed file to store a new version", article.ContentHash, article.Slug);
            }
            return entry;
        }, renderer.ArticleUrl, time.GetUtcNow());

        var files = StateFiles(snapshot).Concat(articles.Select(article => FeedPublisher.PlacementFile(article.Slug, FeedPlacement.Of(article))));
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (file, token) => await blobs.WriteAsync(file, token));

        logger.LogInformation("Rebuilt {Feeds} feeds and {Months} sitemap months from {Articles} published articles",
            snapshot.Feeds.Count, snapshot.Months.Count, articles.Count);
        return new FeedRebuildResult(articles.Count, snapshot.Feeds.Count, snapshot.Months.Count);
    }

    /// <summary>The feed and sitemap states of a snapshot, as the publishes of its articles leave them.</summary>
    public static IEnumerable<StoredFile> StateFiles(FeedSnapshot snapshot) =>
        snapshot.Feeds.Select(feed => new StoredFile(FeedRenderer.FeedState(feed.Key), feed.Value.ToJson(), "application/json"))
            .Concat(snapshot.Days.Values.Select(day => new StoredFile(FeedRenderer.DayState(day.Day), day.ToJson(), "application/json")))
            .Concat(snapshot.Months.Values.Select(month => new StoredFile(FeedRenderer.MonthState(month.Month), month.ToJson(), "application/json")))
            .Concat([
                new StoredFile(FeedRenderer.IndexState, snapshot.Index.ToJson(), "application/json"),
                new StoredFile(FeedRenderer.NewsState, snapshot.News.ToJson(), "application/json"),
            ]);
}
