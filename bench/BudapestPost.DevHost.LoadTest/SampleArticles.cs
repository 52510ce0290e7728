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
    /// <summary>The DevHost's master key for this run; the blobs webhook requires it (or the blobs_extension key).</summary>
    public const string MasterKey = "load-test-master-key";

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
            events.Add(new
            {
                id = Guid.NewGuid().ToString(),
                eventType = "Microsoft.Storage.BlobCreated",
                subject = $"/blobServices/default/containers/articles/blobs/{Path.GetFileName(file)}",
                eventTime = DateTimeOffset.UtcNow,
                data = new { api = "PutBlob", url = blob.Uri.ToString(), eTag = uploaded.Value.ETag.ToString() },
                dataVersion = "",
                metadataVersion = "1",
            });
        }
        // Publishing and indexing run after the events are accepted; they load storage, so measure only once
        // the DevHost has no blob work left and the seed article answers with its related list.
        using var client = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        // Every function the app triggers on article files, as the worker reported them to the DevHost.
        var status = await client.GetFromJsonAsync<JsonElement>("admin/host/status");
        var blobTriggers = status.GetProperty("functions").EnumerateArray()
            .Where(f => f.GetProperty("trigger").GetString() == "blob" && f.GetProperty("path").GetString()!.StartsWith("articles/", StringComparison.Ordinal))
            .Select(f => f.GetProperty("name").GetString()!);
        foreach (var function in blobTriggers)
        {
            using var delivery = new HttpRequestMessage(HttpMethod.Post, $"runtime/webhooks/blobs?functionName=Host.Functions.{function}&code={MasterKey}")
            {
                Content = JsonContent.Create(events),
            };
            delivery.Headers.Add("aeg-event-type", "Notification");
            using var delivered = await client.SendAsync(delivery);
            delivered.EnsureSuccessStatusCode();
        }
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
