using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;

namespace BudapestPost.DevHost.LoadTest;

/// <summary>
/// Delivers BlobCreated events to the DevHost's blobs webhook as Event Grid does in Azure (one
/// subscription per blob-trigger function, <c>aeg-event-type: Notification</c>), for runs with blob
/// polling off.
/// </summary>
public sealed class BlobEventDelivery
{
    /// <summary>The DevHost's master key for these runs; the blobs webhook requires it (or the blobs_extension key).</summary>
    public const string MasterKey = "load-test-master-key";

    /// <summary>The DevHost arguments these deliveries need: no blob polling, the master key above.</summary>
    public static readonly string[] DevHostArguments = ["--DevHost:BlobPollInterval=00:00:00", $"--DevHost:MasterKey={MasterKey}"];

    private readonly HttpClient _client;
    private readonly IReadOnlyList<string> _functions;

    private BlobEventDelivery(HttpClient client, IReadOnlyList<string> functions)
    {
        _client = client;
        _functions = functions;
    }

    /// <summary>Every enabled function that triggers on article files, as the worker reported them to the DevHost.</summary>
    public static async Task<BlobEventDelivery> ForArticleFilesAsync(HttpClient client)
    {
        var status = await client.GetFromJsonAsync<JsonElement>("admin/host/status");
        var functions = status.GetProperty("functions").EnumerateArray()
            .Where(f => f.GetProperty("trigger").GetString() == "blob" && f.GetProperty("path").GetString()!.StartsWith("articles/", StringComparison.Ordinal))
            .Select(f => f.GetProperty("name").GetString()!)
            .ToList();
        return new BlobEventDelivery(client, functions);
    }

    public static object BlobCreated(BlobClient blob, Azure.ETag etag) => new
    {
        id = Guid.NewGuid().ToString(),
        eventType = "Microsoft.Storage.BlobCreated",
        subject = $"/blobServices/default/containers/{blob.BlobContainerName}/blobs/{blob.Name}",
        eventTime = DateTimeOffset.UtcNow,
        data = new { api = "PutBlob", url = blob.Uri.ToString(), eTag = etag.ToString() },
        dataVersion = "",
        metadataVersion = "1",
    };

    /// <summary>Posts <paramref name="events"/> to every function's webhook.</summary>
    public async Task DeliverAsync(IReadOnlyList<object> events, CancellationToken cancellationToken = default)
    {
        foreach (var function in _functions)
        {
            using var delivery = new HttpRequestMessage(HttpMethod.Post, $"runtime/webhooks/blobs?functionName=Host.Functions.{function}&code={MasterKey}")
            {
                Content = JsonContent.Create(events),
            };
            delivery.Headers.Add("aeg-event-type", "Notification");
            using var delivered = await _client.SendAsync(delivery, cancellationToken);
            delivered.EnsureSuccessStatusCode();
        }
    }
}
