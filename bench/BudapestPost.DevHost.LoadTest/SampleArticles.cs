using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.LoadTest;

/// <summary>
/// Publishes <c>samples/articles</c> through the blob triggers, fired by Event Grid events to the DevHost's
/// webhook as Azure fires them, and waits for the indexes to settle.
/// </summary>
public static class SampleArticles
{
    public static async Task PublishAsync(BlobServiceClient blobs, Uri api, string seed)
    {
        var container = blobs.GetBlobContainerClient("articles");
        await container.CreateIfNotExistsAsync();
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "samples", "articles"), "*.md");
        var events = new List<object>();
        foreach (var file in files)
        {
            await using var content = File.OpenRead(file);
            var blob = container.GetBlobClient(Path.GetFileName(file));
            var uploaded = await blob.UploadAsync(content, overwrite: true);
            events.Add(BlobEventDelivery.BlobCreated(blob, uploaded.Value.ETag));
        }
        // Publishing and indexing run after the events are accepted; they load storage, so measure only once
        // the DevHost has no blob work left and the seed article answers with its related list.
        using var client = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        await (await BlobEventDelivery.ForArticleFilesAsync(client)).DeliverAsync(events);
        var idle = 0;
        for (var attempt = 0; attempt < 360; attempt++)
        {
            idle = await IdleAsync(client, seed) ? idle + 1 : 0;
            if (idle == 3)
            {
                Console.WriteLine($"{files.Length} sample files published and indexed.");
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
        throw new TimeoutException("The samples were not published within 3 minutes: check the DevHost's blob triggers.");
    }

    private static async Task<bool> IdleAsync(HttpClient client, string seed)
    {
        var status = await client.GetFromJsonAsync<JsonElement>("admin/host/status");
        using var article = await client.GetAsync($"api/articles/{seed}");
        using var related = await client.GetAsync($"api/articles/{seed}/related");
        return status.GetProperty("pendingBlobs").GetInt32() == 0 && article.IsSuccessStatusCode && related.IsSuccessStatusCode;
    }
}
