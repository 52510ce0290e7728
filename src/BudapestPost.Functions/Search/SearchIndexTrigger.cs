using Azure.Storage.Blobs;
using BudapestPost.Functions.Articles;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Search;

public sealed class SearchIndexTrigger(SearchIndexer indexer)
{
    /// <summary>
    /// The indexer reads the file itself under the writers' lease, so the newest upload is what gets
    /// indexed even when events for one slug arrive out of order.
    /// </summary>
    [Function(nameof(IndexArticleForSearch))]
    public async Task IndexArticleForSearch(
        [BlobTrigger(ArticleFiles.TriggerPath, Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        CancellationToken cancellationToken) =>
        await indexer.ApplyAsync(blob.Name, cancellationToken);
}
