using Azure.Storage.Queues;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>
/// Everything the app keeps in storage, by version: each blob's ETag, each table row's ETag and each queue's message
/// count. The hosts' own bookkeeping (azure-webjobs-*) is left out. Two equal snapshots mean nothing was written.
/// </summary>
public sealed record StorageSnapshot(IReadOnlyDictionary<string, string> Items)
{
    public static async Task<StorageSnapshot> TakeAsync(AzuriteFixture storage)
    {
        var items = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await foreach (var container in storage.BlobService.GetBlobContainersAsync())
        {
            if (container.Name.StartsWith("azure-webjobs", StringComparison.Ordinal))
            {
                continue;
            }
            await foreach (var blob in storage.BlobService.GetBlobContainerClient(container.Name).GetBlobsAsync())
            {
                items[$"blob {container.Name}/{blob.Name}"] = blob.Properties.ETag.ToString()!;
            }
        }
        await foreach (var table in storage.TableService.QueryAsync())
        {
            await foreach (var row in storage.TableService.GetTableClient(table.Name).QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
            {
                items[$"row {table.Name}/{row.PartitionKey}/{row.RowKey}"] = row.ETag.ToString();
            }
        }
        var queues = new QueueServiceClient(storage.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            var properties = await queues.GetQueueClient(queue.Name).GetPropertiesAsync();
            items[$"queue {queue.Name}"] = properties.Value.ApproximateMessagesCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new StorageSnapshot(items);
    }

    /// <summary>What differs from <paramref name="before"/>: added, removed or changed items.</summary>
    public IReadOnlyList<string> ChangesSince(StorageSnapshot before) =>
        Items.Keys.Union(before.Items.Keys)
            .Where(key => Items.GetValueOrDefault(key) != before.Items.GetValueOrDefault(key))
            .Select(key => $"{key}: {before.Items.GetValueOrDefault(key) ?? "absent"} -> {Items.GetValueOrDefault(key) ?? "absent"}")
            .ToList();
}
