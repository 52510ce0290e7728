using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BudapestPost.DevHost.Blobs;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.Tests;

/// <summary>Reads what the test app's CopyBlob function and the DevHost left in storage.</summary>
public sealed class BlobStorageProbe(AzuriteFixture storage)
{
    public async Task UploadAsync(string name, string content)
    {
        var inbox = storage.BlobService.GetBlobContainerClient("inbox");
        await inbox.CreateIfNotExistsAsync();
        await inbox.GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);
    }

    public async Task<int> CountCopiesAsync(string name)
    {
        var outbox = storage.BlobService.GetBlobContainerClient("outbox");
        if (!await outbox.ExistsAsync())
        {
            return 0;
        }
        var count = 0;
        await foreach (var _ in outbox.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, name + "/", CancellationToken.None))
        {
            count++;
        }
        return count;
    }

    /// <summary>How many failed attempts of its folder CopyBlob had seen when it copied <paramref name="name"/>.</summary>
    public async Task<int> GetFailedBeforeAsync(string name)
    {
        var outbox = storage.BlobService.GetBlobContainerClient("outbox");
        await foreach (var copy in outbox.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.Metadata, Azure.Storage.Blobs.Models.BlobStates.None, name + "/", CancellationToken.None))
        {
            return int.Parse(copy.Metadata["failedbefore"], System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException($"{name} has no copy.");
    }

    public async Task<JsonElement?> FindPoisonMessageAsync(string name)
    {
        var queue = new QueueServiceClient(storage.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(BlobTriggerDispatcher.PoisonQueue);
        if (!await queue.ExistsAsync())
        {
            return null;
        }
        foreach (var message in (await queue.PeekMessagesAsync(32)).Value)
        {
            var body = JsonDocument.Parse(message.Body.ToString()).RootElement;
            if (body.GetProperty("BlobName").GetString() == name)
            {
                return body;
            }
        }
        return null;
    }
}
