using System.Collections.Concurrent;
using System.Diagnostics;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Audio;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Search;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Scheduling;

/// <summary>
/// Publishes scheduled versions at their time as an upload of their files does: the publisher takes each file
/// as it is then (into the catalog, the change feed, the feeds and sitemaps; a file deleted meanwhile is
/// withdrawn), then the related and search indexes and the narration take it, as their blob triggers would.
/// </summary>
/// <remarks>
/// Each tick reads what falls due before <see cref="Lookahead"/> from now, one range read of the schedule whatever
/// the corpus, and publishes each at its time, so going live waits for no tick. What was due while the app was
/// stopped is in the same range, and goes live at the first tick.
/// </remarks>
public sealed class ScheduledPublishing(
    ArticleCatalog catalog,
    ArticleFiles files,
    ArticlePublisher publisher,
    RelatedIndexer related,
    SearchIndexer search,
    ArticleNarrator narrator,
    TimeProvider time,
    ILogger<ScheduledPublishing> logger)
{
    /// <summary>How far ahead a tick looks: less than the minute between ticks, so one ends before the next starts.</summary>
    public static readonly TimeSpan Lookahead = TimeSpan.FromSeconds(50);

    private const int MaxPerRead = 1000;

    // Publishes of different slugs overlap; as many as the storage calls of one publish keep busy.
    private const int ParallelPublishes = 16;

    /// <summary>Publishes every version due before <see cref="Lookahead"/> from now, each at its time; throws after the others when one failed (it stays due).</summary>
    public async Task PublishDueAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var until = time.GetUtcNow() + Lookahead;
        var failures = new ConcurrentQueue<Exception>();
        IReadOnlyList<ScheduledArticle> due;
        do
        {
            due = await catalog.Schedule.DueAsync(until, MaxPerRead, cancellationToken);
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = ParallelPublishes, CancellationToken = cancellationToken },
                async (entry, ct) =>
                {
                    try
                    {
                        await PublishAtItsTimeAsync(entry, ct);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        logger.LogError(exception, "{Slug}, due at {Published:u}, was not published; the next tick tries again", entry.Slug, entry.Published);
                        failures.Enqueue(exception);
                    }
                });
        }
        // A full read may have left more; a failure would be read again at once, so it waits for the next tick.
        while (due.Count == MaxPerRead && failures.IsEmpty && Stopwatch.GetElapsedTime(started) < Lookahead);

        if (!failures.IsEmpty)
        {
            throw new AggregateException($"{failures.Count} scheduled articles were not published; they stay due.", failures);
        }
    }

    private async Task PublishAtItsTimeAsync(ScheduledArticle entry, CancellationToken cancellationToken)
    {
        var wait = entry.Published - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
        var blobName = ArticleFiles.BlobName(entry.Slug);
        var outcome = await files.DownloadAsync(blobName, cancellationToken) is { } file
            ? await publisher.PublishAsync(file, cancellationToken)
            : await publisher.WithdrawAsync(blobName, cancellationToken);
        await Task.WhenAll(related.SubmitAsync(blobName, cancellationToken), search.SubmitAsync(blobName, cancellationToken),
            narrator.SubmitAsync(blobName, cancellationToken));
        logger.LogInformation("{Slug}, due at {Published:u}: {Outcome}, {LateMs} ms after its time", entry.Slug, entry.Published, outcome,
            (time.GetUtcNow() - entry.Published).TotalMilliseconds);
    }
}
