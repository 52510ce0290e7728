using Azure.Storage.Blobs;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.DevHost.TestApp;

/// <summary>Queue triggers and queue outputs: a work queue named by a setting, a relay, and an HTTP fan-out.</summary>
public sealed class QueueFunctions
{
    private readonly BlobContainerClient _processed =
        new BlobServiceClient(Environment.GetEnvironmentVariable("AzureWebJobsStorage")).GetBlobContainerClient("processed");

    /// <summary>Records every attempt as "processed/&lt;message&gt;/&lt;dequeue count&gt;"; a message starting with "fail" then throws.</summary>
    [Function(nameof(ProcessWorkItem))]
    public async Task ProcessWorkItem([QueueTrigger("%WorkQueue%")] string message, long dequeueCount, string id, CancellationToken cancellationToken)
    {
        await _processed.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _processed.GetBlobClient($"{message}/{dequeueCount}").UploadAsync(BinaryData.FromString(id), overwrite: true, cancellationToken);
        if (message.StartsWith("fail", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{message} asked to fail.");
        }
    }

    /// <summary>Passes each message of relay-in on to relay-out, through the return value, with the dequeue count it saw.</summary>
    [Function(nameof(Relay))]
    [QueueOutput("relay-out")]
    public string Relay([QueueTrigger("relay-in")] QueueMessage message) => $"{message.DequeueCount}:{message.MessageText}";

    /// <summary>Each line of the body becomes one message of the work queue; the caller gets 202.</summary>
    [Function(nameof(FanOut))]
    public async Task<FanOutResult> FanOut([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "fan-out")] HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new FanOutResult { Response = new AcceptedResult(), Messages = lines };
    }
}

/// <summary>An HTTP answer and queue messages from one function.</summary>
public sealed class FanOutResult
{
    [HttpResult]
    public required IActionResult Response { get; init; }

    [QueueOutput("%WorkQueue%")]
    public required string[] Messages { get; init; }
}
