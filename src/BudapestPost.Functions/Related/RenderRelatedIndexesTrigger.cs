using System.Diagnostics;
using Azure.Storage.Blobs;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Related;

public sealed class RenderRelatedIndexesTrigger(RelatedIndexer indexer)
{
    /// <summary>
    /// Records the file as pending and indexes what is pending unless a pass already is (see
    /// <see cref="RelatedIndexer"/>). The indexer reads the file itself under the model lease, so the
    /// newest upload is what gets indexed even when events for one slug arrive out of order.
    /// </summary>
    [Function(nameof(RenderRelatedIndexes))]
    public async Task RenderRelatedIndexes(
        [BlobTrigger(ArticleFiles.TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.StartBlobActivity(nameof(RenderRelatedIndexes), blob.Name);
        var started = Stopwatch.GetTimestamp();
        await indexer.SubmitAsync(blob.Name, cancellationToken);
        AppTelemetry.RelatedIndexed(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Indexes pending files a pass left behind: its holder crashed, or stopped when its time was up.</summary>
    [Function(nameof(IndexPendingRelatedChanges))]
    public Task IndexPendingRelatedChanges([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        indexer.DrainAsync(cancellationToken);
}
