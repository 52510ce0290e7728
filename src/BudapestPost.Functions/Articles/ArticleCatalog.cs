using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Articles;

/// <summary>The <c>Articles</c> table: which version of each article is live, the listings with their counts, the change feed and the schedule.</summary>
public sealed class ArticleCatalog : IDisposable
{
    private static readonly string[] ListingColumns =
        [nameof(CatalogEntity.Slug), nameof(CatalogEntity.Title), nameof(CatalogEntity.Lead),
         nameof(CatalogEntity.Published), nameof(CatalogEntity.Tags), nameof(CatalogEntity.Section)];

    private readonly TableClient _table;
    private readonly BlobContainerClient _locks;

    public ArticleCatalog(TableServiceClient tables, BlobServiceClient blobs, IOptions<StorageOptions> options, TimeProvider time)
    {
        _table = tables.GetTableClient(options.Value.ArticlesTable);
        _locks = blobs.GetBlobContainerClient(options.Value.PublishedContainer);
        Listings = new CatalogListings(_table);
        Changes = new CatalogChanges(_table, time);
        Schedule = new ArticleSchedule(_table);
    }

    /// <summary>The listing partitions and their counts.</summary>
    public CatalogListings Listings { get; }

    /// <summary>The change feed.</summary>
    public CatalogChanges Changes { get; }

    /// <summary>The versions waiting for their time.</summary>
    public ArticleSchedule Schedule { get; }

    public Task<CatalogEntity?> FindAsync(string slug, CancellationToken cancellationToken) =>
        _table.FindAsync<CatalogEntity>(CatalogKeys.ArticlePartition(slug), CatalogKeys.ArticleRowKey(slug), cancellationToken);

    public void Dispose() => Listings.Dispose();

    /// <summary>The status of the article's live version, or null when it was never published.</summary>
    public async Task<ArticleStatus?> StatusAsync(string slug, CancellationToken cancellationToken) =>
        (await FindAsync(slug, cancellationToken))?.ArticleStatus;

    /// <summary>
    /// One page of a listing, newest first: a range read of a single partition. Null when storage
    /// refuses the continuation token (one it never issued).
    /// </summary>
    public async Task<ListPage<CatalogEntity>?> ListAsync(
        string partition, int limit, string? continuationToken, CancellationToken cancellationToken)
    {
        var page = await _table.ReadPageAsync<CatalogEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {CatalogListings.CountRowKey}"),
            limit, continuationToken, ListingColumns, cancellationToken);
        return page is { } found ? new ListPage<CatalogEntity>(found.Items, found.Continuation) : null;
    }

    /// <summary>Up to <paramref name="limit"/> listing rows after <paramref name="afterRowKey"/> (older), newest first.</summary>
    public async Task<IReadOnlyList<CatalogEntity>> ListAfterAsync(
        string partition, string? afterRowKey, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey gt {afterRowKey ?? ""} and RowKey lt {CatalogListings.CountRowKey}");
        var rows = new List<CatalogEntity>(limit);
        await foreach (var row in _table.QueryAsync<CatalogEntity>(filter, limit, ListingColumns, cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == limit)
            {
                break;
            }
        }
        return rows;
    }

    /// <summary>Every published article row: a scan of the table, for rebuilds only.</summary>
    public IAsyncEnumerable<CatalogEntity> ListPublishedAsync(CancellationToken cancellationToken) =>
        _table.QueryAsync<CatalogEntity>(
            $"{CatalogKeys.ArticleRowsFilter} and {TableClient.CreateQueryFilter($"Status eq {nameof(ArticleStatus.Published).ToLowerInvariant()}")}",
            cancellationToken: cancellationToken);

    /// <summary>
    /// Publishes of one slug take turns under this lock: listing rows live in other partitions than
    /// the article row, and Table Storage has no cross-partition transactions.
    /// </summary>
    public Task<IAsyncDisposable> TakeTurnAsync(string slug, CancellationToken cancellationToken) =>
        BlobLeaseLock.AcquireAsync(_locks.GetBlobClient(slug + "/.lock"), cancellationToken);

    /// <summary>
    /// Makes <paramref name="article"/> the live version in place of <paramref name="previous"/>
    /// (the row read under the same turn). The change is appended and the listings are moved (with
    /// their counts, one transaction per partition) before the article row is written (the commit
    /// point): a crash in between leaves the old version live, and the trigger's retry redoes each
    /// step — the change is appended a second time, the listings find themselves already moved.
    /// </summary>
    public async Task ReplaceAsync(Article article, SourceVersion source, CatalogEntity? previous, CancellationToken cancellationToken)
    {
        var row = ToArticleRow(article, source);
        row.ChangeSequence = CatalogChanges.Of(previous?.ArticleStatus, article.Status) is { } change
            ? await Changes.AppendAsync(article.Slug, change, cancellationToken)
            : previous?.ChangeSequence;
        // Partitions are independent, so they move side by side: the moment a listing shows the
        // new version before its article row does stays short.
        var before = ListingRows(previous).ToDictionary(r => r.PartitionKey);
        var after = ListingRows(row).ToDictionary(r => r.PartitionKey);
        await Task.WhenAll(before.Keys.Union(after.Keys).Select(partition =>
            Listings.ReplaceAsync(partition, before.GetValueOrDefault(partition), after.GetValueOrDefault(partition), cancellationToken)));
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    private static IEnumerable<CatalogEntity> ListingRows(CatalogEntity? row) =>
        row?.ArticleStatus != ArticleStatus.Published
            ? []
            : CatalogKeys.ListingPartitions(row.TagList, row.Section).Select(partition => new CatalogEntity
            {
                PartitionKey = partition,
                RowKey = CatalogKeys.ListingRowKey(row.Published, row.Slug),
                Slug = row.Slug,
                Title = row.Title,
                Lead = row.Lead,
                Published = row.Published,
                Tags = row.Tags,
                Section = row.Section,
            });

    private static CatalogEntity ToArticleRow(Article article, SourceVersion source) => new()
    {
        PartitionKey = CatalogKeys.ArticlePartition(article.Slug),
        RowKey = CatalogKeys.ArticleRowKey(article.Slug),
        Slug = article.Slug,
        Title = article.Title,
        Lead = article.Lead,
        Published = article.Published,
        Updated = article.Updated,
        Tags = string.Join(',', article.Tags),
        Section = article.Section,
        ArticleStatus = article.Status,
        AiGenerated = article.AiGenerated,
        ContentHash = article.ContentHash,
        BlobETag = source.ETag,
        BlobLastModified = source.LastModified,
    };
}
