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
    PublishedArticles published,
    PublishErrorLog errors,
    ILogger<ArticlePublisher> logger)
{
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
    // (nothing to do), an older upload (a newer one is live), or a new live version.
    private async Task<PublishOutcome> PublishAsync(Article article, SourceVersion source, CancellationToken cancellationToken)
    {
        await using var turn = await catalog.TakeTurnAsync(article.Slug, cancellationToken);
        var current = await catalog.FindAsync(article.Slug, cancellationToken);
        if (current?.ContentHash == article.ContentHash)
        {
            return PublishOutcome.Unchanged;
        }
        if (current?.BlobLastModified > source.LastModified)
        {
            return PublishOutcome.Superseded;
        }

        var rendered = ArticleRenderer.Render(article.Body);
        await published.WriteAsync(new PublishedArticle(
            article.Slug, article.Title, article.Lead, article.Published, article.Updated, article.Tags,
            article.Section, article.AiGenerated, rendered.Html, rendered.Text), article.ContentHash, cancellationToken);
        await catalog.ReplaceAsync(article, source, current, cancellationToken);
        return PublishOutcome.Published;
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
