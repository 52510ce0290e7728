using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Articles;

/// <summary>The <c>Articles</c> table: which version of each article is live, and the listings.</summary>
public class ArticleCatalog(TableServiceClient tables, BlobServiceClient blobs, IOptions<StorageOptions> options)
{
    private static readonly string[] ListingColumns =
        [nameof(CatalogEntity.Slug), nameof(CatalogEntity.Title), nameof(CatalogEntity.Lead),
         nameof(CatalogEntity.Published), nameof(CatalogEntity.Tags), nameof(CatalogEntity.Section)];

    private readonly TableClient _table = tables.GetTableClient(options.Value.ArticlesTable);
    private readonly BlobContainerClient _locks = blobs.GetBlobContainerClient(options.Value.PublishedContainer);

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
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), limit, ListingColumns, cancellationToken);
        await foreach (var page in query.AsPages(continuationToken, limit))
        {
            return page;
        }
        return Page<CatalogEntity>.FromValues([], null, null!);
    }

    /// <summary>Up to <paramref name="limit"/> listing rows after <paramref name="afterRowKey"/> (older), newest first.</summary>
    public async Task<IReadOnlyList<CatalogEntity>> ListAfterAsync(
        string partition, string? afterRowKey, int limit, CancellationToken cancellationToken)
    {
        var filter = afterRowKey is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {afterRowKey}");
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
    /// content or a newer source. Listing rows live in other partitions than the article row, and
    /// Table Storage has no cross-partition transactions, so publishes of one slug take turns.
    /// Listing rows are written before the article row (the commit point), so a retry after a
    /// crash redoes them, and stale ones are removed after it.
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
        await UpsertListingsAsync(row, cancellationToken);
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        await DeleteListingsAsync(current, except: row, cancellationToken);
        return CatalogChange.Applied;
    }

    private async Task UpsertListingsAsync(CatalogEntity row, CancellationToken cancellationToken)
    {
        foreach (var listing in ListingRows(row))
        {
            await _table.UpsertEntityAsync(listing, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private async Task DeleteListingsAsync(CatalogEntity? previous, CatalogEntity except, CancellationToken cancellationToken)
    {
        if (previous is null)
        {
            return;
        }
        var keep = ListingRows(except).Select(r => (r.PartitionKey, r.RowKey)).ToHashSet();
        foreach (var stale in ListingRows(previous).Where(r => !keep.Contains((r.PartitionKey, r.RowKey))))
        {
            await _table.DeleteEntityAsync(stale.PartitionKey, stale.RowKey, ETag.All, cancellationToken);
        }
    }

    private static IEnumerable<CatalogEntity> ListingRows(CatalogEntity row) =>
        row.Status != CatalogEntity.PublishedStatus
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
