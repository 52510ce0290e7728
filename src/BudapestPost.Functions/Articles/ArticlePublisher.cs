using System.Diagnostics;
using BudapestPost.Core.Articles;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// Turns an uploaded article file into the live version: parse and validate, render, store the
/// rendered version, then switch the catalog to it. An invalid file is recorded and never
/// replaces the live version.
/// </summary>
public class ArticlePublisher(
    ArticleCatalog catalog,
    PublishedArticles published,
    PublishErrorLog errors,
    IEnumerable<IArticleLiveListener> listeners,
    ILogger<ArticlePublisher> logger)
{
    public async Task<PublishOutcome> PublishAsync(string blobName, BinaryData content, SourceVersion source, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var parsed = ArticleParser.Parse(blobName, content.ToMemory().Span);
        if (!parsed.IsValid)
        {
            await errors.RecordAsync(blobName, parsed.Errors, source, cancellationToken);
            logger.LogWarning("Rejected {BlobName}: {Errors}", blobName,
                string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Reason}")));
            return PublishOutcome.Rejected;
        }

        var article = parsed.Article!;
        var rendered = ArticleRenderer.Render(article.Body);
        if ((await catalog.FindAsync(article.Slug, cancellationToken))?.ContentHash == article.ContentHash)
        {
            logger.LogInformation("{Slug} is unchanged ({ContentHash})", article.Slug, article.ContentHash);
            await NotifyAsync(article, rendered, cancellationToken);
            return PublishOutcome.Unchanged;
        }

        await published.WriteAsync(new PublishedArticle(
            article.Slug, article.Title, article.Lead, article.Published, article.Updated, article.Tags,
            article.Section, article.AiGenerated, rendered.Html, rendered.Text), article.ContentHash, cancellationToken);

        var change = await catalog.ApplyAsync(article, source, cancellationToken);
        logger.LogInformation("{Slug} {Change} as {Status} in {ElapsedMs} ms", article.Slug, change, article.Status,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        if (change != CatalogChange.Stale)
        {
            await NotifyAsync(article, rendered, cancellationToken);
        }
        return change switch
        {
            CatalogChange.Applied => PublishOutcome.Published,
            CatalogChange.Unchanged => PublishOutcome.Unchanged,
            _ => PublishOutcome.Superseded,
        };
    }

    private async Task NotifyAsync(Article article, RenderedArticle rendered, CancellationToken cancellationToken)
    {
        foreach (var listener in listeners)
        {
            await listener.ArticleLiveAsync(article, rendered, cancellationToken);
        }
    }
}
