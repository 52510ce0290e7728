using System.Diagnostics;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Telemetry;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// Turns an uploaded article file into the live version: parse and validate, render, store the
/// rendered version, then switch the catalog to it. An invalid file is recorded and never
/// replaces the live version. A version dated ahead waits on the schedule until its time, when
/// <c>PublishScheduledArticles</c> publishes its file again.
/// </summary>
public sealed class ArticlePublisher(
    ArticleCatalog catalog,
    ArticleFiles files,
    PublishedArticles published,
    PublishErrorLog errors,
    IEnumerable<IArticleLiveListener> listeners,
    TimeProvider time,
    ILogger<ArticlePublisher> logger)
{
    /// <summary>Marks a withdrawn version: no file has this content hash, so any upload of the file differs from it.</summary>
    private const string DeletedFileHash = "deleted";

    private static readonly RenderedArticle EmptyBody = new("", "");

    public async Task<PublishOutcome> PublishAsync(ArticleFile file, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var parsed = file.Parse();
        if (!parsed.IsValid)
        {
            await errors.RecordAsync(file.Name, parsed.Errors, file.Version, cancellationToken);
            AppTelemetry.ArticleRejected(parsed.Errors[0].Field);
            logger.LogWarning("Rejected {BlobName} with {ErrorCount} errors, first: {Field}: {Reason}", file.Name,
                parsed.Errors.Count, parsed.Errors[0].Field, parsed.Errors[0].Reason);
            await DropIfDueAsync(file.Name, cancellationToken);
            return PublishOutcome.Rejected;
        }

        var article = parsed.Value;
        var outcome = await PublishAsync(article, file.Version, cancellationToken);
        if (outcome == PublishOutcome.Published && article.Status == ArticleStatus.Published)
        {
            // From the upload, or from the time it waited for.
            var since = article.Published > file.Version.LastModified ? article.Published : file.Version.LastModified;
            AppTelemetry.ArticlePublished(TimeSpan.FromTicks(Math.Max(0, (time.GetUtcNow() - since).Ticks)));
        }
        logger.LogInformation("{Slug} {Outcome} as {Status} in {ElapsedMs} ms", article.Slug, outcome, article.Status,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return outcome;
    }

    // The catalog row and the schedule are read once, under the slug's turn, and decide everything: an older
    // upload (a newer one is live or waiting), a version that waits for its time (the live one, if any, stays
    // until then), the same content (the listeners only, to redo what a crash may have cut short), or a new
    // live version. Listeners run under the same turn, so they see the versions of one slug in the order the
    // catalog took them.
    private async Task<PublishOutcome> PublishAsync(Article article, SourceVersion source, CancellationToken cancellationToken)
    {
        await using var turn = await catalog.TakeTurnAsync(article.Slug, cancellationToken);
        var currentRead = catalog.FindAsync(article.Slug, cancellationToken);
        var scheduledRead = catalog.Schedule.FindAsync(article.Slug, cancellationToken);
        var (current, scheduled) = (await currentRead, await scheduledRead);
        if ((current?.BlobLastModified > source.LastModified && current.ContentHash != article.ContentHash) ||
            (scheduled?.BlobLastModified > source.LastModified && scheduled.ContentHash != article.ContentHash))
        {
            return PublishOutcome.Superseded;
        }

        if (ArticleSchedule.WaitsUntil(article, source, time.GetUtcNow()) is not null)
        {
            if (scheduled?.ContentHash != article.ContentHash)
            {
                await catalog.Schedule.SetAsync(article, source, scheduled, cancellationToken);
            }
            return PublishOutcome.Scheduled;
        }

        var rendered = ArticleRenderer.Render(article.Body);
        if (current?.ContentHash != article.ContentHash)
        {
            await published.WriteAsync(new PublishedArticle(
                article.Slug, article.Title, article.Lead, article.Published, article.Updated, article.Tags,
                article.Section, article.AiGenerated, rendered.Html, rendered.Text) { Corrections = article.Corrections },
                article.ContentHash, cancellationToken);
        }
        var outcome = await GoLiveAsync(article, rendered, source, current, cancellationToken);
        // Last: a crash before it leaves the entry, and the next tick redoes this publish.
        if (scheduled is not null)
        {
            await catalog.Schedule.RemoveAsync(scheduled, cancellationToken);
        }
        return outcome;
    }

    /// <summary>
    /// A scheduled version whose time has come while its file is invalid cannot go live: it leaves the schedule
    /// (the errors are recorded). Before its time it stays, as a live version does: the file may yet be fixed.
    /// </summary>
    private async Task DropIfDueAsync(string blobName, CancellationToken cancellationToken)
    {
        if (ArticleFiles.SlugOf(blobName) is not { } slug || await catalog.Schedule.FindAsync(slug, cancellationToken) is null)
        {
            return;
        }
        await using var turn = await catalog.TakeTurnAsync(slug, cancellationToken);
        if (await catalog.Schedule.FindAsync(slug, cancellationToken) is { } scheduled && scheduled.Published <= time.GetUtcNow())
        {
            await catalog.Schedule.RemoveAsync(scheduled, cancellationToken);
            logger.LogWarning("{Slug} was due at {Published:u} but its file {BlobName} is invalid: taken off the schedule", slug, scheduled.Published, blobName);
        }
    }

    /// <summary>
    /// Takes the article of a deleted file out of the catalog as a draft uploaded over it would:
    /// out of the listings, an <c>unpublished</c> change, the listeners told; a scheduled version
    /// leaves the schedule. Nothing happens when
    /// the file exists again (uploaded anew; its own publish decides) or the article was never in the catalog.
    /// </summary>
    public async Task<PublishOutcome> WithdrawAsync(string blobName, CancellationToken cancellationToken)
    {
        if (ArticleFiles.SlugOf(blobName) is not { } slug)
        {
            return PublishOutcome.Unchanged;
        }
        // Checked under the turn: an upload after the check publishes after the withdrawal.
        await using var turn = await catalog.TakeTurnAsync(slug, cancellationToken);
        var current = await catalog.FindAsync(slug, cancellationToken);
        var scheduled = await catalog.Schedule.FindAsync(slug, cancellationToken);
        // A retraction is a public notice: the article keeps answering 410 after its file is gone.
        var withdrawable = current is not null && current.ArticleStatus != ArticleStatus.Retracted;
        if ((!withdrawable && scheduled is null) || await files.ExistsAsync(blobName, cancellationToken))
        {
            return PublishOutcome.Unchanged;
        }
        if (scheduled is not null)
        {
            await catalog.Schedule.RemoveAsync(scheduled, cancellationToken);
            logger.LogInformation("{Slug} taken off the schedule: its file {BlobName} was deleted", slug, blobName);
        }
        if (current is null || current.ArticleStatus == ArticleStatus.Retracted)
        {
            return PublishOutcome.Unchanged;
        }
        // The deleted version's time stays, so any later upload of the file wins over the withdrawal.
        var source = new SourceVersion(current.BlobETag ?? "", current.BlobLastModified ?? DateTimeOffset.MinValue);
        var outcome = await GoLiveAsync(Withdrawn(current), EmptyBody, source, current, cancellationToken);
        logger.LogInformation("{Slug} withdrawn: its file {BlobName} was deleted ({Outcome})", slug, blobName, outcome);
        return outcome;
    }

    private static Article Withdrawn(CatalogEntity row) => new(
        row.Slug, row.Title, row.Lead, row.Published, row.Updated, row.TagList, row.Section,
        ArticleStatus.Draft, row.AiGenerated, Body: "", DeletedFileHash);

    // The catalog switches only when the content changed; the listeners always hear, to redo what a crash may have cut short.
    private async Task<PublishOutcome> GoLiveAsync(
        Article article, RenderedArticle rendered, SourceVersion source, CatalogEntity? current, CancellationToken cancellationToken)
    {
        var outcome = PublishOutcome.Unchanged;
        if (current?.ContentHash != article.ContentHash)
        {
            await catalog.ReplaceAsync(article, source, current, cancellationToken);
            outcome = PublishOutcome.Published;
        }
        foreach (var listener in listeners)
        {
            await listener.ArticleLiveAsync(article, rendered, cancellationToken);
        }
        return outcome;
    }
}

public enum PublishOutcome
{
    /// <summary>The file is now the live version (or took the article out of listings, for drafts and retractions).</summary>
    Published,

    /// <summary>The live version already has this content; nothing was written.</summary>
    Unchanged,

    /// <summary>A newer upload of the same file is already live.</summary>
    Superseded,

    /// <summary>The file is invalid; the reasons are in <c>PublishErrors</c>.</summary>
    Rejected,

    /// <summary>The version is dated ahead: it waits on the schedule, and whatever was live stays live until its time.</summary>
    Scheduled,
}

/// <summary>
/// Told, after every publish that leaves a version live (including a repeat of the live
/// content, so a step a crash cut short is redone), which article that is. Called under the
/// slug's turn, so calls for one slug never overlap and come in the order the versions went live.
/// Features that render from articles (feeds, sitemaps) implement it; the publisher knows none of them.
/// </summary>
public interface IArticleLiveListener
{
    Task ArticleLiveAsync(Article article, RenderedArticle rendered, CancellationToken cancellationToken);
}
