using System.Diagnostics;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Telemetry;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// Turns an uploaded article file into the live version: parse and validate, render, store the
/// rendered version, then switch the catalog to it. An invalid file is recorded and never
/// replaces the live version.
/// </summary>
public sealed class ArticlePublisher(
    ArticleCatalog catalog,
    ArticleFiles files,
    PublishedArticles published,
    PublishErrorLog errors,
    IEnumerable<IArticleLiveListener> listeners,
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
            return PublishOutcome.Rejected;
        }

        var article = parsed.Value;
        var outcome = await PublishAsync(article, file.Version, cancellationToken);
        if (outcome == PublishOutcome.Published && article.Status == ArticleStatus.Published)
        {
            AppTelemetry.ArticlePublished(DateTimeOffset.UtcNow - file.Version.LastModified);
        }
        logger.LogInformation("{Slug} {Outcome} as {Status} in {ElapsedMs} ms", article.Slug, outcome, article.Status,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return outcome;
    }

    // The catalog row is read once, under the slug's turn, and decides everything: same content
    // (the listeners only, to redo what a crash may have cut short), an older upload (a newer one
    // is live), or a new live version. Listeners run under the same turn, so they see the versions
    // of one slug in the order the catalog took them.
    private async Task<PublishOutcome> PublishAsync(Article article, SourceVersion source, CancellationToken cancellationToken)
    {
        await using var turn = await catalog.TakeTurnAsync(article.Slug, cancellationToken);
        var current = await catalog.FindAsync(article.Slug, cancellationToken);
        if (current?.BlobLastModified > source.LastModified && current.ContentHash != article.ContentHash)
        {
            return PublishOutcome.Superseded;
        }

        var rendered = ArticleRenderer.Render(article.Body);
        if (current?.ContentHash != article.ContentHash)
        {
            await published.WriteAsync(new PublishedArticle(
                article.Slug, article.Title, article.Lead, article.Published, article.Updated, article.Tags,
                article.Section, article.AiGenerated, rendered.Html, rendered.Text) { Corrections = article.Corrections },
                article.ContentHash, cancellationToken);
        }
        return await GoLiveAsync(article, rendered, source, current, cancellationToken);
    }

    /// <summary>
    /// Takes the article of a deleted file out of the catalog as a draft uploaded over it would:
    /// out of the listings, an <c>unpublished</c> change, the listeners told. Nothing happens when
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
        // A retraction is a public notice: the article keeps answering 410 after its file is gone.
        if (current is null || current.ArticleStatus == ArticleStatus.Retracted || await files.ExistsAsync(blobName, cancellationToken))
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
