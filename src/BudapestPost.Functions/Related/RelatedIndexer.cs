using System.Diagnostics;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Articles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>Keeps the related-article model and its rendered indexes in step with the article files.</summary>
public class RelatedIndexer(
    RelatedModelStore model,
    RelatedIndexBlobs indexes,
    ArticleFiles files,
    IOptions<RelatedOptions> options,
    ILogger<RelatedIndexer> logger)
{
    private const int ParallelReads = 8;

    /// <summary>
    /// Indexes the current content of one article file. The file is read under the model lease,
    /// so whichever event runs last indexes the newest upload, whatever order events arrive in.
    /// An invalid or missing file changes nothing.
    /// </summary>
    public async Task<IndexChanges> ApplyAsync(string blobName, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var changes = IndexChanges.None;
        await model.UpdateAsync(async (index, ct) =>
        {
            var article = await ReadArticleAsync(blobName, ct);
            if (article is null)
            {
                return null;
            }
            changes = index.Upsert(article);
            if (changes.IsEmpty)
            {
                return null;
            }
            await indexes.WriteAsync(index, changes, ct);
            return index;
        }, cancellationToken);

        logger.LogInformation(
            "Indexed {BlobName}: {RelatedLists} related lists, {RemovedLists} removed, latest {Latest}, {Tags} tags in {ElapsedMs} ms",
            blobName, changes.RelatedLists.Count, changes.RemovedLists.Count, changes.Latest, changes.Tags.Count,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return changes;
    }

    /// <summary>
    /// Rebuilds the model from every valid article file with fresh term statistics and rewrites
    /// the indexes that differ. The same <see cref="RelatedIndex.Build"/> the benchmarks measure.
    /// </summary>
    public async Task<IndexChanges> ReindexAsync(CancellationToken cancellationToken)
    {
        var changes = IndexChanges.None;
        var count = 0;
        await model.UpdateAsync(async (current, ct) =>
        {
            var articles = await ReadAllArticlesAsync(ct);
            count = articles.Count;
            var rebuilt = RelatedIndex.Build(articles, options.Value);
            changes = RelatedIndex.Differences(current, rebuilt);
            await indexes.WriteAsync(rebuilt, changes, ct);
            return rebuilt;
        }, cancellationToken);

        logger.LogInformation("Reindexed {Count} articles: {RelatedLists} related lists rewritten, {RemovedLists} removed",
            count, changes.RelatedLists.Count, changes.RemovedLists.Count);
        return changes;
    }

    private async Task<Article?> ReadArticleAsync(string blobName, CancellationToken cancellationToken)
    {
        if (await files.DownloadAsync(blobName, cancellationToken) is not { } file)
        {
            logger.LogInformation("{BlobName} is gone; related indexes unchanged", blobName);
            return null;
        }

        var parsed = file.Parse();
        if (!parsed.IsValid)
        {
            logger.LogInformation("{BlobName} is not a valid article; related indexes unchanged", blobName);
            return null;
        }
        return parsed.Value;
    }

    private async Task<List<Article>> ReadAllArticlesAsync(CancellationToken cancellationToken)
    {
        // Downloads overlap: a reindex reads every file, and one at a time it waits on each round trip.
        var articles = new System.Collections.Concurrent.ConcurrentBag<Article>();
        await Parallel.ForEachAsync(
            files.ListNamesAsync(cancellationToken),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelReads, CancellationToken = cancellationToken },
            async (name, ct) =>
            {
                if (await ReadArticleAsync(name, ct) is { } article)
                {
                    articles.Add(article);
                }
            });
        return articles.OrderBy(a => a.Slug, StringComparer.Ordinal).ToList();
    }
}
