using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// Creates the containers and tables if they are missing. In Azure the infrastructure creates
/// them; locally this lets a fresh Azurite work without a setup step.
/// </summary>
internal sealed class StorageInitializer(
    BlobServiceClient blobs,
    TableServiceClient tables,
    IOptions<StorageOptions> options,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = options.Value;
        try
        {
            await Task.WhenAll(
                blobs.GetBlobContainerClient(StorageOptions.ArticlesContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                blobs.GetBlobContainerClient(names.PublishedContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                blobs.GetBlobContainerClient(names.IndexesContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                blobs.GetBlobContainerClient(names.SearchContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                blobs.GetBlobContainerClient(names.NewsletterContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                blobs.GetBlobContainerClient(names.AudioContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken),
                tables.CreateTableIfNotExistsAsync(names.ArticlesTable, cancellationToken),
                tables.CreateTableIfNotExistsAsync(names.FeedbackTable, cancellationToken),
                tables.CreateTableIfNotExistsAsync(names.PublishErrorsTable, cancellationToken),
                tables.CreateTableIfNotExistsAsync(names.CorrectionsTable, cancellationToken),
                tables.CreateTableIfNotExistsAsync(names.NewsletterTable, cancellationToken),
                tables.CreateTableIfNotExistsAsync(names.PendingFilesTable, cancellationToken),
                tables.CreateTableIfNotExistsAsync(names.NarrationsTable, cancellationToken),
                tables.CreateTableIfNotExistsAsync(names.AuditTable, cancellationToken));
        }
        catch (Exception exception) when (StorageOutage.IsOutage(exception, cancellationToken))
        {
            // Not fatal: the health endpoint reports storage problems, and requests fail with 503.
            logger.LogWarning(exception, "Could not ensure storage containers and tables exist");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
