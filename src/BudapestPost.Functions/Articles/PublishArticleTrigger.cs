using Azure.Storage.Blobs;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Articles;

public sealed class PublishArticleTrigger(ArticlePublisher publisher, ILogger<PublishArticleTrigger> logger)
{
    [Function(nameof(PublishArticle))]
    public async Task PublishArticle(
        [BlobTrigger(ArticleSources.TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.StartBlobActivity(nameof(PublishArticle), name);
        if (await BlobDownloads.IfExistsAsync(blob, cancellationToken) is not { } download)
        {
            logger.LogInformation("{BlobName} was deleted before it could be published", name);
            return;
        }

        var source = new SourceVersion(download.Details.ETag.ToString(), download.Details.LastModified);
        await publisher.PublishAsync(name, download.Content, source, cancellationToken);
    }
}
