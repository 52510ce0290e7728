using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using BudapestPost.DevHost.Http;
using BudapestPost.DevHost.Worker;

namespace BudapestPost.DevHost.Blobs;

/// <summary>
/// The real host's Event Grid endpoint for blob triggers with <c>Source = EventGrid</c>:
/// <c>POST /runtime/webhooks/blobs?functionName=Host.Functions.&lt;Name&gt;</c>. Answers the subscription
/// validation handshake and queues a BlobCreated event's blob like a polled one.
/// </summary>
public sealed class EventGridWebhookHandler(
    WorkerSupervisor supervisor,
    StorageConnections storage,
    BlobTriggerDispatcher dispatcher,
    ILogger<EventGridWebhookHandler> logger)
{
    private const string FunctionPrefix = "Host.Functions.";

    public async Task HandleAsync(HttpContext context)
    {
        var name = context.Request.Query["functionName"].ToString();
        name = name.StartsWith(FunctionPrefix, StringComparison.OrdinalIgnoreCase) ? name[FunctionPrefix.Length..] : name;
        var catalog = supervisor.Session?.Catalog ?? supervisor.LastCatalog;
        if (catalog is null)
        {
            await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "worker-unavailable", "Worker unavailable");
            return;
        }
        if (catalog.Find(name) is not { Blob: not null } function)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not-found", "Not found",
                $"No blob-trigger function named '{name}'.");
            return;
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid-event", "Invalid Event Grid payload");
            return;
        }
        var events = body switch
        {
            JsonArray array => array.OfType<JsonObject>().ToList(),
            JsonObject single => [single],
            _ => [],
        };

        if (string.Equals(context.Request.Headers["aeg-event-type"], "SubscriptionValidation", StringComparison.OrdinalIgnoreCase))
        {
            var code = events.Select(e => (string?)e["data"]?["validationCode"]).FirstOrDefault(c => c is not null);
            await context.Response.WriteAsJsonAsync(new { validationResponse = code });
            return;
        }

        var queued = 0;
        foreach (var blobEvent in events.Where(e => (string?)e["eventType"] == "Microsoft.Storage.BlobCreated"))
        {
            if (await ToWorkItemAsync(function, blobEvent, context.RequestAborted) is { } item && dispatcher.TryEnqueue(item))
            {
                queued++;
            }
        }
        logger.LogInformation("Event Grid delivered {Count} events for {Function}; {Queued} queued", events.Count, function.Name, queued);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task<BlobWorkItem?> ToWorkItemAsync(FunctionDescriptor function, JsonObject blobEvent, CancellationToken cancellationToken)
    {
        // subject: /blobServices/default/containers/<container>/blobs/<blob name>
        var subject = (string?)blobEvent["subject"] ?? "";
        const string containers = "/containers/", blobs = "/blobs/";
        var containerStart = subject.IndexOf(containers, StringComparison.Ordinal);
        var blobStart = subject.IndexOf(blobs, StringComparison.Ordinal);
        if (containerStart < 0 || blobStart < containerStart)
        {
            return null;
        }
        var container = subject[(containerStart + containers.Length)..blobStart];
        var blobName = subject[(blobStart + blobs.Length)..];
        var binding = function.Blob!;
        if (!string.Equals(container, binding.Path.Container, StringComparison.Ordinal) || binding.Path.Match(blobName) is null)
        {
            return null;
        }

        var etag = (string?)blobEvent["data"]?["eTag"];
        if (string.IsNullOrEmpty(etag))
        {
            try
            {
                var properties = await storage.Blobs(binding.Connection).GetBlobContainerClient(container).GetBlobClient(blobName)
                    .GetPropertiesAsync(cancellationToken: cancellationToken);
                etag = properties.Value.ETag.ToString();
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                return null;
            }
        }
        return new BlobWorkItem(function, container, blobName, etag);
    }
}
