using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Articles;

/// <summary>The <c>Articles</c> table: which version of each article is live, and the listings.</summary>
public class ArticleCatalog
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
    }

    /// <summary>The listing partitions and their counts.</summary>
    public CatalogListings Listings { get; }

    /// <summary>The change feed.</summary>
    public CatalogChanges Changes { get; }

    public virtual async Task<CatalogEntity?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<CatalogEntity>(
            CatalogKeys.ArticlePartition(slug), CatalogKeys.ArticleRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>One page of a listing, newest first: a range read of a single partition.</summary>
    public virtual async Task<Page<CatalogEntity>> ListAsync(
        string? tag, int limit, string? continuationToken, CancellationToken cancellationToken)
    {
        var partition = tag is null ? CatalogKeys.LatestPartition : CatalogKeys.TagPartition(tag);
        var query = _table.QueryAsync<CatalogEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {CatalogListings.CountRowKey}"), limit, ListingColumns, cancellationToken);
        await foreach (var page in query.AsPages(continuationToken, limit))
        {
            return page;
        }
        return Page<CatalogEntity>.FromValues([], null, null!);
    }

    /// <summary>Every published article row: a scan of the table, for rebuilds only.</summary>
    public IAsyncEnumerable<CatalogEntity> ListPublishedAsync(CancellationToken cancellationToken) =>
        _table.QueryAsync<CatalogEntity>(
            TableClient.CreateQueryFilter($"RowKey eq {CatalogKeys.ArticleRowKey} and Status eq {CatalogEntity.PublishedStatus}"),
            cancellationToken: cancellationToken);

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

    /// <summary>
    /// Makes <paramref name="article"/> the live version unless the catalog already has this
    /// content or a newer source. Listing rows and the change feed live in other partitions than
    /// the article row, and Table Storage has no cross-partition transactions, so publishes of one
    /// slug take turns. Listings are moved (with their counts, one transaction per partition) and
    /// the change appended before the article row is written (the commit point): a crash in
    /// between leaves the old version live, and the trigger's retry redoes each step — the
    /// listings find themselves already moved, the change is appended a second time.
    /// </summary>
    public async Task<CatalogChange> ApplyAsync(Article article, SourceVersion source, CancellationToken cancellationToken)
    {
        await using var _ = await BlobLeaseLock.AcquireAsync(_locks.GetBlobClient(article.Slug + "/.lock"), cancellationToken);

        var current = await FindAsync(article.Slug, cancellationToken);
        if (current?.ContentHash == article.ContentHash)
        {
            return CatalogChange.Unchanged;
        }
        if (current?.BlobLastModified > source.LastModified)
        {
            return CatalogChange.Stale;
        }

        var row = ToArticleRow(article, source);
        await MoveListingsAsync(current, row, cancellationToken);
        if (CatalogChanges.Of(current?.Status, article.Status) is { } change)
        {
            await Changes.AppendAsync(article.Slug, change, cancellationToken);
        }
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        return CatalogChange.Applied;
    }

    private async Task MoveListingsAsync(CatalogEntity? previous, CatalogEntity row, CancellationToken cancellationToken)
    {
        var before = ListingRows(previous).ToDictionary(r => r.PartitionKey);
        var after = ListingRows(row).ToDictionary(r => r.PartitionKey);
        foreach (var partition in before.Keys.Union(after.Keys))
        {
            await Listings.ReplaceAsync(partition, before.GetValueOrDefault(partition), after.GetValueOrDefault(partition), cancellationToken);
        }
    }

    private static IEnumerable<CatalogEntity> ListingRows(CatalogEntity? row) =>
        row?.Status != CatalogEntity.PublishedStatus
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
        RowKey = CatalogKeys.ArticleRowKey,
        Slug = article.Slug,
        Title = article.Title,
        Lead = article.Lead,
        Published = article.Published,
        Updated = article.Updated,
        Tags = string.Join(',', article.Tags),
        Section = article.Section,
        Status = CatalogEntity.StatusOf(article.Status),
        AiGenerated = article.AiGenerated,
        ContentHash = article.ContentHash,
        BlobETag = source.ETag,
        BlobLastModified = source.LastModified,
    };
}
