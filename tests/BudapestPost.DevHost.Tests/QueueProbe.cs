using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.Tests;

/// <summary>Sends to and reads the test app's queues (base64, the host's default encoding) and what its functions recorded.</summary>
public sealed class QueueProbe(AzuriteFixture storage)
{
    public QueueClient Queue(string name) =>
        new QueueServiceClient(storage.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 })
            .GetQueueClient(name);

    public async Task SendAsync(string queueName, string text)
    {
        var queue = Queue(queueName);
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(text);
    }

    /// <summary>The texts of up to 32 visible messages.</summary>
    public async Task<IReadOnlyList<string>> PeekAsync(string queueName)
    {
        var queue = Queue(queueName);
        if (!await queue.ExistsAsync())
        {
            return [];
        }
        return (await queue.PeekMessagesAsync(32)).Value.Select(message => message.Body.ToString()).ToList();
    }

    /// <summary>The dequeue counts ProcessWorkItem recorded for <paramref name="message"/>, in order.</summary>
    public async Task<IReadOnlyList<int>> ProcessedDequeueCountsAsync(string message)
    {
        var processed = storage.BlobService.GetBlobContainerClient("processed");
        if (!await processed.ExistsAsync())
        {
            return [];
        }
        var counts = new List<int>();
        await foreach (var blob in processed.GetBlobsAsync(BlobTraits.None, BlobStates.None, message + "/", CancellationToken.None))
        {
            counts.Add(int.Parse(blob.Name[(message.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
        return counts.Order().ToList();
    }

    /// <summary>What the test app's timer functions recorded for one function ("tick" or "hourly").</summary>
    public async Task<IReadOnlyList<JsonElement>> TimerRunsAsync(string function)
    {
        var ticks = storage.BlobService.GetBlobContainerClient("ticks");
        if (!await ticks.ExistsAsync())
        {
            return [];
        }
        var runs = new List<JsonElement>();
        await foreach (var blob in ticks.GetBlobsAsync(BlobTraits.None, BlobStates.None, function + "/", CancellationToken.None))
        {
            var content = await ticks.GetBlobClient(blob.Name).DownloadContentAsync();
            runs.Add(JsonDocument.Parse(content.Value.Content.ToString()).RootElement.Clone());
        }
        return runs.OrderBy(run => run.GetProperty("started").GetDateTimeOffset()).ToList();
    }
}
