using System.Text.Json;
using Azure;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Azure.Storage.Blobs;
using BudapestPost.DevHost.Http;
using BudapestPost.DevHost.Worker;
using Microsoft.Net.Http.Headers;

namespace BudapestPost.DevHost.Blobs;

/// <summary>
/// The blobs extension's Event Grid endpoint for blob triggers with <c>Source = EventGrid</c>:
/// <c>POST /runtime/webhooks/blobs?functionName=Host.Functions.&lt;Name&gt;</c> with the <c>blobs_extension</c> system
/// key. The <c>aeg-event-type</c> header says what the body is: <c>SubscriptionValidation</c> (answered with the
/// validation code) or <c>Notification</c> (each BlobCreated event's blob, found by <c>data.url</c>, is queued like a
/// polled one). Event Grid and CloudEvents schemas are both read, with Azure.Messaging.EventGrid; CloudEvents
/// subscriptions validate with an OPTIONS request instead.
/// </summary>
public sealed class EventGridWebhookHandler(
    WorkerSupervisor supervisor,
    StorageConnections storage,
    BlobTriggerDispatcher dispatcher,
    FunctionKeyAuthorizer authorizer,
    ILogger<EventGridWebhookHandler> logger)
{
    private const string FunctionPrefix = "Host.Functions.";
    private const string EventTypeHeader = "aeg-event-type";

    private static readonly string[] JsonMediaTypes =
        ["application/json", "application/cloudevents+json", "application/cloudevents-batch+json"];

    public async Task HandleAsync(HttpContext context)
    {
        if (!authorizer.IsBlobsExtensionAuthorized(context.Request))
        {
            await Problems.WriteAsync(context, StatusCodes.Status401Unauthorized, "unauthorized", "Unauthorized",
                "The blobs webhook needs the blobs_extension system key in the 'code' query parameter or the 'x-functions-key' header.");
            return;
        }
        if (await FindFunctionAsync(context) is not { } function)
        {
            return;
        }
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            // CloudEvents abuse protection: the subscription is validated by echoing the requesting origin.
            context.Response.Headers["WebHook-Allowed-Origin"] = context.Request.Headers["WebHook-Request-Origin"].ToString();
            return;
        }

        var eventType = context.Request.Headers[EventTypeHeader].ToString();
        if (string.Equals(eventType, "Unsubscribe", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status202Accepted;
            return;
        }
        var isValidation = string.Equals(eventType, "SubscriptionValidation", StringComparison.OrdinalIgnoreCase);
        if (!isValidation && !string.Equals(eventType, "Notification", StringComparison.OrdinalIgnoreCase))
        {
            await InvalidEventsAsync(context, $"The '{EventTypeHeader}' header must be SubscriptionValidation, Notification or Unsubscribe.");
            return;
        }
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType) ||
            !JsonMediaTypes.Contains(mediaType.MediaType.Value, StringComparer.OrdinalIgnoreCase))
        {
            await Problems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported media type",
                "Events must be application/json or application/cloudevents(-batch)+json.");
            return;
        }

        List<object?> data;
        try
        {
            data = ReadSystemEventData(await BinaryData.FromStreamAsync(context.Request.Body, context.RequestAborted));
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            await InvalidEventsAsync(context, $"The body is not a valid Event Grid or CloudEvents batch: {exception.Message}");
            return;
        }

        if (isValidation)
        {
            var code = data.OfType<SubscriptionValidationEventData>().Select(validation => validation.ValidationCode).FirstOrDefault();
            await context.Response.WriteAsJsonAsync(new { validationResponse = code });
            return;
        }
        await QueueBlobsAsync(context, function, data.OfType<StorageBlobCreatedEventData>().ToList());
    }

    private async Task<FunctionDescriptor?> FindFunctionAsync(HttpContext context)
    {
        var name = context.Request.Query["functionName"].ToString();
        name = name.StartsWith(FunctionPrefix, StringComparison.OrdinalIgnoreCase) ? name[FunctionPrefix.Length..] : name;
        var catalog = supervisor.Session?.Catalog ?? supervisor.LastCatalog;
        if (catalog is null)
        {
            context.Response.Headers.RetryAfter = "2";
            await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "worker-unavailable", "Worker unavailable",
                "The function worker is starting; try again shortly.");
            return null;
        }
        if (catalog.Find(name) is not { Blob: not null } function)
        {
            await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not-found", "Not found",
                $"No blob-trigger function named '{name}'.");
            return null;
        }
        return function;
    }

    /// <summary>The system event data of every event in the batch, whichever schema it came in (unknown types give null).</summary>
    private static List<object?> ReadSystemEventData(BinaryData body)
    {
        if (IsCloudEvents(body))
        {
            return CloudEvent.ParseMany(body).Select(e => e.TryGetSystemEventData(out var data) ? data : null).ToList();
        }
        return EventGridEvent.ParseMany(body).Select(e => e.TryGetSystemEventData(out var data) ? data : null).ToList();
    }

    /// <summary>CloudEvents carry <c>specversion</c>; Event Grid's own schema does not (the content type is not reliable).</summary>
    private static bool IsCloudEvents(BinaryData body)
    {
        using var document = JsonDocument.Parse(body);
        var first = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().FirstOrDefault()
            : document.RootElement;
        return first.ValueKind == JsonValueKind.Object && first.TryGetProperty("specversion", out _);
    }

    private async Task QueueBlobsAsync(HttpContext context, FunctionDescriptor function, List<StorageBlobCreatedEventData> created)
    {
        var blobs = new List<BlobUriBuilder>();
        foreach (var blob in created)
        {
            if (!Uri.TryCreate(blob.Url, UriKind.Absolute, out var url) || new BlobUriBuilder(url) is not { BlobName.Length: > 0 } parsed)
            {
                // Nothing is queued from a batch with a bad event, so a corrected redelivery does not fire twice.
                await InvalidEventsAsync(context, $"A BlobCreated event's data.url '{blob.Url}' is not a blob URL.");
                return;
            }
            blobs.Add(parsed);
        }

        var queued = 0;
        for (var i = 0; i < blobs.Count; i++)
        {
            if (await ToWorkItemAsync(function, blobs[i], created[i].ETag, context.RequestAborted) is { } item && dispatcher.TryEnqueue(item))
            {
                queued++;
            }
        }
        logger.LogInformation("Event Grid delivered {Count} BlobCreated events for {Function}; {Queued} queued", blobs.Count, function.Name, queued);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    private async Task<BlobWorkItem?> ToWorkItemAsync(FunctionDescriptor function, BlobUriBuilder blob, string? etag, CancellationToken cancellationToken)
    {
        var binding = function.Blob!;
        if (!string.Equals(blob.BlobContainerName, binding.Path.Container, StringComparison.Ordinal) || binding.Path.Match(blob.BlobName) is null)
        {
            return null;
        }
        if (string.IsNullOrEmpty(etag))
        {
            try
            {
                var properties = await storage.Blobs(binding.Connection).GetBlobContainerClient(blob.BlobContainerName)
                    .GetBlobClient(blob.BlobName).GetPropertiesAsync(cancellationToken: cancellationToken);
                etag = properties.Value.ETag.ToString();
            }
            catch (RequestFailedException exception) when (exception.Status == 404)
            {
                return null;
            }
        }
        return new BlobWorkItem(function, blob.BlobContainerName, blob.BlobName, etag);
    }

    private static Task InvalidEventsAsync(HttpContext context, string detail) =>
        Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid-event", "Invalid Event Grid request", detail);
}
