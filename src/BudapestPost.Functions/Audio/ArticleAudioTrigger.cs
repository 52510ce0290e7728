using Azure.Storage.Blobs;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Telemetry;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Audio;

public sealed class ArticleAudioTrigger(ArticleNarrator narrator)
{
    /// <summary>
    /// Records the file as pending and narrates what is pending unless a pass already is (see
    /// <see cref="ArticleNarrator"/>). A failed synthesis is recorded, not thrown: the timer tries it again.
    /// </summary>
    [Function(nameof(RenderArticleAudio))]
    public async Task RenderArticleAudio(
        [BlobTrigger(ArticleFiles.TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        CancellationToken cancellationToken)
    {
        using var activity = AppTelemetry.StartBlobActivity(nameof(RenderArticleAudio), blob.Name);
        await narrator.SubmitAsync(blob.Name, cancellationToken);
    }

    /// <summary>Narrates what a pass left pending and the failed narrations whose wait is over (schedule: app setting <c>AudioTimerSchedule</c>).</summary>
    [Function(nameof(RenderPendingArticleAudio))]
    public Task RenderPendingArticleAudio([TimerTrigger("%AudioTimerSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        narrator.DrainAsync(cancellationToken);
}
