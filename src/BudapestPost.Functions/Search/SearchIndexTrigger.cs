using Azure.Storage.Blobs;
using BudapestPost.Functions.Articles;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Search;

public sealed class SearchIndexTrigger(SearchIndexer indexer)
{
    /// <summary>
    /// Records the file as pending and indexes what is pending unless a pass already is (see
    /// <see cref="SearchIndexer"/>). The indexer reads the file itself under the writers' lease, so the
    /// newest upload is what gets indexed even when events for one slug arrive out of order.
    /// </summary>
    [Function(nameof(IndexArticleForSearch))]
    public async Task IndexArticleForSearch(
        [BlobTrigger(ArticleFiles.TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        CancellationToken cancellationToken) =>
        await indexer.SubmitAsync(blob.Name, cancellationToken);

    /// <summary>Indexes pending files a pass left behind: its holder crashed, or stopped when its time was up.</summary>
    [Function(nameof(IndexPendingSearchChanges))]
    public Task IndexPendingSearchChanges([TimerTrigger("30 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        indexer.DrainAsync(cancellationToken);
}
