using Azure;
using Azure.Data.Tables;
using BudapestPost.Functions.Storage;

namespace BudapestPost.Functions.Articles;

/// <summary>A tag's or section's number of published articles, as <c>GET /api/tags</c> and <c>/api/sections</c> list them.</summary>
public sealed record TaxonomyCount(string Name, int Count);

/// <summary>
/// The listing partitions of the <c>Articles</c> table (<c>latest</c>, <c>tag_{tag}</c>,
/// <c>section_{section}</c>) and their article counts.
/// </summary>
/// <remarks>
/// Each listing partition keeps its own count in a row <c>~count</c> (sorting after every listing
/// row), changed in the same table transaction as the listing rows it counts, so the count is
/// exact whatever crashes or retries: a retry finds the rows already moved and changes nothing.
/// Whether a row is added or removed is read from the partition itself, not from what the caller
/// believes. The counts are then copied to one row per tag in partition <c>tags</c> (per section
/// in <c>sections</c>) so the taxonomy is one partition read; that copy is a plain "set", done on
/// every publish that touches the partition, so a crash before it is repaired by the retry.
/// An article entering or leaving a listing is first written as the caller believes the partition to be,
/// with the count as this instance last wrote it: the transaction itself checks the belief (the row to add
/// is absent, the row to remove is present, the count's ETag matches), so a publish reads nothing unless
/// another writer got there first.
/// </remarks>
public sealed class CatalogListings(TableClient table) : IDisposable
{
    public const string CountRowKey = "~count";
    public const string TagsPartition = "tags";
    public const string SectionsPartition = "sections";

    private const int RememberedCounts = 10_000;

    private readonly LastSeen<CountEntity> _counts = new(RememberedCounts, _ => 1);

    /// <summary>Moves one article's listing row within a partition: removes <paramref name="remove"/>, writes <paramref name="add"/>; either may be null.</summary>
    public async Task ReplaceAsync(string partition, CatalogEntity? remove, CatalogEntity? add, CancellationToken cancellationToken)
    {
        if ((remove is null) != (add is null) && await TryEnterOrLeaveAsync(partition, remove, add, cancellationToken))
        {
            return;
        }
        while (true)
        {
            var count = await GetAsync<CountEntity>(partition, CountRowKey, cancellationToken);
            var removing = remove is not null && remove.RowKey != add?.RowKey &&
                await GetAsync<TableEntity>(partition, remove.RowKey, cancellationToken) is not null;
            var adding = add is not null && await GetAsync<TableEntity>(partition, add.RowKey, cancellationToken) is null;
            var delta = (adding ? 1 : 0) - (removing ? 1 : 0);

            var actions = new List<TableTransactionAction>();
            if (add is not null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, add));
            }
            if (removing)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, remove!, ETag.All));
            }
            var total = (count?.Count ?? 0) + delta;
            if (delta != 0)
            {
                actions.Add(ConditionalWrite.AddOrReplace(new CountEntity { PartitionKey = partition, RowKey = CountRowKey, Count = total }, count?.ETag ?? default));
            }
            // Another publish changed the count first (the transaction lost a race): read again and redo.
            if (actions.Count == 0 || await table.TrySubmitAsync(actions, cancellationToken) is not null)
            {
                await SetTaxonomyCountAsync(partition, total, cancellationToken);
                return;
            }
        }
    }

    public void Dispose() => _counts.Dispose();

    // Adds or removes one row with the count moved by one, in one transaction that fails, writing nothing, when the
    // partition is not as believed; false then, and the caller reads it.
    private async Task<bool> TryEnterOrLeaveAsync(string partition, CatalogEntity? remove, CatalogEntity? add, CancellationToken cancellationToken)
    {
        var count = _counts.Find(partition, CountRowKey) ?? await GetAsync<CountEntity>(partition, CountRowKey, cancellationToken);
        var next = new CountEntity { PartitionKey = partition, RowKey = CountRowKey, Count = (count?.Count ?? 0) + (add is null ? -1 : 1) };
        var written = await table.TrySubmitAsync(
        [
            add is null ? new(TableTransactionActionType.Delete, remove!, ETag.All) : new(TableTransactionActionType.Add, add),
            ConditionalWrite.AddOrReplace(next, count?.ETag ?? default),
        ], cancellationToken);
        next.ETag = written?[1] ?? default;
        _counts.Remember(next);
        if (written is null)
        {
            return false;
        }
        await SetTaxonomyCountAsync(partition, next.Count, cancellationToken);
        return true;
    }

    /// <summary>Tags or sections with at least one published article, by name.</summary>
    public async Task<IReadOnlyList<TaxonomyCount>> CountsAsync(string taxonomyPartition, CancellationToken cancellationToken)
    {
        var counts = new List<TaxonomyCount>();
        await foreach (var row in table.QueryAsync<CountEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {taxonomyPartition} and Count gt {0}"), cancellationToken: cancellationToken))
        {
            counts.Add(new TaxonomyCount(row.RowKey, row.Count));
        }
        return counts;
    }

    private Task SetTaxonomyCountAsync(string partition, int count, CancellationToken cancellationToken)
    {
        var (taxonomy, name) = partition switch
        {
            _ when partition.StartsWith(CatalogKeys.TagPartition(""), StringComparison.Ordinal) => (TagsPartition, partition[CatalogKeys.TagPartition("").Length..]),
            _ when partition.StartsWith(CatalogKeys.SectionPartition(""), StringComparison.Ordinal) => (SectionsPartition, partition[CatalogKeys.SectionPartition("").Length..]),
            _ => (null, null),
        };
        return taxonomy is null
            ? Task.CompletedTask
            : table.UpsertEntityAsync(new CountEntity { PartitionKey = taxonomy, RowKey = name!, Count = count }, TableUpdateMode.Replace, cancellationToken);
    }

    private Task<T?> GetAsync<T>(string partition, string rowKey, CancellationToken cancellationToken) where T : class, ITableEntity =>
        table.FindAsync<T>(partition, rowKey, cancellationToken, ["RowKey", "Count"]);

    private sealed class CountEntity : ITableEntity
    {
        public string PartitionKey { get; set; } = "";
        public string RowKey { get; set; } = "";
        public DateTimeOffset? Timestamp { get; set; }
        public ETag ETag { get; set; }
        public int Count { get; set; }
    }
}
