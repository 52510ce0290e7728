using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.DevHost.TestApp;

/// <summary>Copies each blob of "inbox" to "outbox" with a counter of invocations; content starting with "fail" throws.</summary>
public sealed class CopyBlobFunction
{
    [Function(nameof(CopyBlob))]
    public async Task CopyBlob(
        [BlobTrigger("inbox/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] string content,
        string name,
        CancellationToken cancellationToken)
    {
        if (content.StartsWith("fail", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{name} asked to fail.");
        }
        var outbox = new BlobServiceClient(Environment.GetEnvironmentVariable("AzureWebJobsStorage")).GetBlobContainerClient("outbox");
        await outbox.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await outbox.GetBlobClient($"{name}/{Guid.NewGuid():N}").UploadAsync(BinaryData.FromString(content), cancellationToken);
    }
}
