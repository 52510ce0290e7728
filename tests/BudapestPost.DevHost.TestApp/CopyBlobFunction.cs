using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.DevHost.TestApp;

/// <summary>
/// Copies each blob of "inbox" to "outbox" with a counter of invocations; content starting with "fail" throws after
/// noting the attempt in "failures". A copy carries how many failed attempts of its folder came before it, so tests
/// can see whether failing blobs held up a good one.
/// </summary>
public sealed class CopyBlobFunction
{
    private readonly BlobServiceClient _blobs = new(Environment.GetEnvironmentVariable("AzureWebJobsStorage"));

    [Function(nameof(CopyBlob))]
    public async Task CopyBlob(
        [BlobTrigger("inbox/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] string content,
        string name,
        CancellationToken cancellationToken)
    {
        var failures = _blobs.GetBlobContainerClient("failures");
        await failures.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        if (content.StartsWith("fail", StringComparison.Ordinal))
        {
            await failures.GetBlobClient($"{name}/{Guid.NewGuid():N}").UploadAsync(BinaryData.Empty, cancellationToken);
            throw new InvalidOperationException($"{name} asked to fail.");
        }

        var folder = name.Contains('/') ? name[..(name.LastIndexOf('/') + 1)] : name + "/";
        var failedBefore = 0;
        await foreach (var _ in failures.GetBlobsAsync(BlobTraits.None, BlobStates.None, folder, cancellationToken))
        {
            failedBefore++;
        }
        var outbox = _blobs.GetBlobContainerClient("outbox");
        await outbox.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await outbox.GetBlobClient($"{name}/{Guid.NewGuid():N}").UploadAsync(BinaryData.FromString(content), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { ["failedbefore"] = failedBefore.ToString() },
        }, cancellationToken);
    }
}
