using Azure.Storage.Blobs;
using BudapestPost.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Articles;

public sealed class PublishArticleTrigger(ArticleFiles files, ArticlePublisher publisher, ILogger<PublishArticleTrigger> logger)
{
    /// <summary>
    /// Publishes an uploaded article file. Bad files are recorded in <c>PublishErrors</c> and end the
    /// invocation normally; only storage failures throw, so the host's retries are for what a retry can fix.
    /// </summary>
    [Function(nameof(PublishArticle))]
    public async Task PublishArticle(
        [BlobTrigger(ArticleFiles.TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.StartBlobActivity(nameof(PublishArticle), name);
        if (await files.DownloadAsync(name, cancellationToken) is not { } file)
        {
            logger.LogInformation("{BlobName} was deleted before it could be published", name);
            return;
        }
        await publisher.PublishAsync(file, cancellationToken);
    }
}
