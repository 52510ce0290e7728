using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Specialized;
using BudapestPost.DevHost.Blobs;
using BudapestPost.DevHost.Hosting;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Timers;

/// <summary>
/// The schedule monitor's record of a timer function (last and next occurrence), in the storage account like the
/// real host's (<c>azure-webjobs-hosts/timers/&lt;host&gt;/Host.Functions.&lt;Name&gt;/status</c>), so a DevHost that
/// was stopped over an occurrence runs it late, marked past due, when it starts again.
/// </summary>
public sealed class ScheduleStatusStore(StorageConnections storage, IOptions<DevHostOptions> options)
{
    private const string Connection = "AzureWebJobsStorage";

    public async Task<ScheduleStatus?> ReadAsync(string functionName, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Blob(functionName).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<ScheduleStatus>();
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            return null; // An unreadable record is as good as none: the schedule starts afresh.
        }
    }

    public async Task WriteAsync(string functionName, ScheduleStatus status, CancellationToken cancellationToken)
    {
        var blob = Blob(functionName);
        await blob.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await blob.UploadAsync(BinaryData.FromObjectAsJson(status), overwrite: true, cancellationToken);
    }

    private Azure.Storage.Blobs.BlobClient Blob(string functionName) =>
        storage.Blobs(Connection)
            .GetBlobContainerClient(BlobReceiptStore.Container)
            .GetBlobClient($"timers/{options.Value.HostId}/Host.Functions.{functionName}/status");
}

/// <summary>The host's ScheduleStatus: the last occurrence run, the next one due and when this was written.</summary>
public sealed record ScheduleStatus(DateTimeOffset Last, DateTimeOffset Next, DateTimeOffset LastUpdated);
