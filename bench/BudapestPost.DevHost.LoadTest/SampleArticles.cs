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
    private static readonly string[] BlobTriggers = ["PublishArticle", "RenderRelatedIndexes"];

    public static async Task PublishAsync(BlobServiceClient blobs, Uri api, string seed)
    {
        var container = blobs.GetBlobContainerClient("articles");
        await container.CreateIfNotExistsAsync();
        var files = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "samples", "articles"), "*.md");
        var events = new List<object>();
        foreach (var file in files)
        {
            await using var content = File.OpenRead(file);
            var uploaded = await container.GetBlobClient(Path.GetFileName(file)).UploadAsync(content, overwrite: true);
            events.Add(new
            {
                id = Guid.NewGuid().ToString(),
                eventType = "Microsoft.Storage.BlobCreated",
                subject = $"/blobServices/default/containers/articles/blobs/{Path.GetFileName(file)}",
                eventTime = DateTimeOffset.UtcNow,
                data = new { eTag = uploaded.Value.ETag.ToString() },
                dataVersion = "",
            });
        }
        // Related lists change while later samples are indexed; measure only once nothing changed for 3 s.
        using var client = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
        foreach (var function in BlobTriggers)
        {
            using var delivered = await client.PostAsJsonAsync($"runtime/webhooks/blobs?functionName=Host.Functions.{function}", events);
            delivered.EnsureSuccessStatusCode();
        }
        string? previous = null;
        var unchanged = 0;
        for (var attempt = 0; attempt < 180; attempt++)
        {
            var current = await SnapshotAsync(client, seed);
            unchanged = current is not null && current == previous ? unchanged + 1 : 0;
            if (unchanged == 3)
            {
                Console.WriteLine($"{files.Length} sample files uploaded; listing and related lists settled.");
                return;
            }
            previous = current;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        throw new TimeoutException("The samples did not settle within 3 minutes: check the DevHost's blob triggers.");
    }

    private static async Task<string?> SnapshotAsync(HttpClient client, string seed)
    {
        using var article = await client.GetAsync($"api/articles/{seed}");
        using var related = await client.GetAsync($"api/articles/{seed}/related");
        if (!article.IsSuccessStatusCode || !related.IsSuccessStatusCode)
        {
            return null;
        }
        var listing = await client.GetFromJsonAsync<JsonElement>("api/articles?limit=100");
        return $"{article.Headers.ETag}|{related.Headers.ETag}|{listing.GetProperty("items").GetArrayLength()}";
    }
}
