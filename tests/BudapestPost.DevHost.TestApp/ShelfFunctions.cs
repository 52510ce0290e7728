using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.DevHost.TestApp;

/// <summary>
/// Two functions watching one container, "shelf": Archive takes a second a blob, Index a moment. Each notes when it
/// finished a blob as "shelf-done/&lt;function&gt;/&lt;name&gt;" (content: the time), so tests can see whether one
/// waited for the other's backlog.
/// </summary>
public sealed class ShelfFunctions
{
    private readonly BlobContainerClient _done =
        new BlobServiceClient(Environment.GetEnvironmentVariable("AzureWebJobsStorage")).GetBlobContainerClient("shelf-done");

    [Function(nameof(Archive))]
    public async Task Archive(
        [BlobTrigger("shelf/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] string content,
        string name,
        CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await RecordAsync(nameof(Archive), name, cancellationToken);
    }

    [Function(nameof(Index))]
    public Task Index(
        [BlobTrigger("shelf/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] string content,
        string name,
        CancellationToken cancellationToken) =>
        RecordAsync(nameof(Index), name, cancellationToken);

    private async Task RecordAsync(string function, string name, CancellationToken cancellationToken)
    {
        await _done.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _done.GetBlobClient($"{function}/{name}")
            .UploadAsync(BinaryData.FromString(DateTimeOffset.UtcNow.ToString("O")), overwrite: true, cancellationToken);
    }
}
