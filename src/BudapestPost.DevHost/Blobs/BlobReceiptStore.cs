using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using System.Collections.Concurrent;
using BudapestPost.DevHost.Hosting;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Blobs;

/// <summary>
/// Remembers which blob versions a function has processed, in the storage account itself like the real host
/// (<c>azure-webjobs-hosts/blobreceipts/&lt;host&gt;/&lt;function&gt;/&lt;etag&gt;/&lt;container&gt;/&lt;blob&gt;</c>),
/// so a restarted DevHost does not fire again for blobs it already handled.
/// </summary>
public sealed class BlobReceiptStore(StorageConnections storage, IOptions<DevHostOptions> options)
{
    public const string Container = "azure-webjobs-hosts";

    private readonly ConcurrentDictionary<string, bool> _known = new();

    public async Task<bool> HasReceiptAsync(BlobWorkItem item, CancellationToken cancellationToken)
    {
        if (_known.ContainsKey(item.Key))
        {
            return true;
        }
        var exists = await Receipt(item).ExistsAsync(cancellationToken);
        if (exists.Value)
        {
            _known[item.Key] = true;
        }
        return exists.Value;
    }

    public async Task WriteAsync(BlobWorkItem item, CancellationToken cancellationToken)
    {
        var receipt = Receipt(item);
        try
        {
            await receipt.UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Only the first receipt in an account pays for the container: one request per receipt, not two.
            await receipt.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await receipt.UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);
        }
        _known[item.Key] = true;
    }

    private Azure.Storage.Blobs.BlobClient Receipt(BlobWorkItem item) =>
        storage.Blobs(item.Function.Blob!.Connection)
            .GetBlobContainerClient(Container)
            .GetBlobClient($"blobreceipts/{options.Value.HostId}/Host.Functions.{item.Function.Name}/{item.ETag}/{item.Container}/{item.BlobName}");
}
