using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Articles;

/// <summary>The <c>Articles</c> table: which version of each article is live, and the listings.</summary>
public sealed class ArticleCatalog(TableServiceClient tables, BlobServiceClient blobs, IOptions<StorageOptions> options)
{
    private static readonly string[] ListingColumns =
        [nameof(CatalogEntity.Slug), nameof(CatalogEntity.Title), nameof(CatalogEntity.Lead),
         nameof(CatalogEntity.Published), nameof(CatalogEntity.Tags), nameof(CatalogEntity.Section)];

    private readonly TableClient _table = tables.GetTableClient(options.Value.ArticlesTable);
    private readonly BlobContainerClient _locks = blobs.GetBlobContainerClient(options.Value.PublishedContainer);

    public async Task<CatalogEntity?> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<CatalogEntity>(
            CatalogKeys.ArticlePartition(slug), CatalogKeys.ArticleRowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>The status of the article's live version, or null when it was never published.</summary>
    public async Task<ArticleStatus?> StatusAsync(string slug, CancellationToken cancellationToken) =>
        (await FindAsync(slug, cancellationToken))?.ArticleStatus;

    /// <summary>
    /// Published articles with <paramref name="after"/> &lt; published ≤ <paramref name="until"/>, newest first: listing
    /// keys sort by reverse publish time, so this is one key range of the "latest" partition.
    /// </summary>
    public async Task<List<CatalogEntity>> PublishedBetweenAsync(DateTimeOffset after, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var (from, to) = (CatalogKeys.ListingRowKey(until, ""), CatalogKeys.ListingRowKey(after, ""));
        var rows = new List<CatalogEntity>();
        await foreach (var row in _table.QueryAsync<CatalogEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {CatalogKeys.LatestPartition} and RowKey ge {from} and RowKey lt {to}"),
            select: ListingColumns, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// One page of a listing, newest first: a range read of a single partition. Null when storage
    /// refuses the continuation token (one it never issued).
    /// </summary>
    public async Task<ListPage<CatalogEntity>?> ListAsync(
        string? tag, int limit, string? continuationToken, CancellationToken cancellationToken)
    {
        var partition = tag is null ? CatalogKeys.LatestPartition : CatalogKeys.TagPartition(tag);
        var query = _table.QueryAsync<CatalogEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), limit, ListingColumns, cancellationToken);
        try
        {
            await foreach (var page in query.AsPages(continuationToken, limit))
            {
                return new ListPage<CatalogEntity>(page.Values, page.ContinuationToken);
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 400)
        {
            return null;
        }
        return new ListPage<CatalogEntity>([], null);
    }

    /// <summary>
    /// Publishes of one slug take turns under this lock: listing rows live in other partitions than
    /// the article row, and Table Storage has no cross-partition transactions.
    /// </summary>
    public Task<IAsyncDisposable> TakeTurnAsync(string slug, CancellationToken cancellationToken) =>
        BlobLeaseLock.AcquireAsync(_locks.GetBlobClient(slug + "/.lock"), cancellationToken);

    /// <summary>
    /// Makes <paramref name="article"/> the live version in place of <paramref name="previous"/>
    /// (the row read under the same turn). Listing rows are written before the article row (the
    /// commit point), so a retry after a crash redoes them, and stale ones are removed after it.
    /// </summary>
    public async Task ReplaceAsync(Article article, SourceVersion source, CatalogEntity? previous, CancellationToken cancellationToken)
    {
        var row = ToArticleRow(article, source);
        foreach (var listing in ListingRows(row))
        {
            await _table.UpsertEntityAsync(listing, TableUpdateMode.Replace, cancellationToken);
        }
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        if (previous is not null)
        {
            var keep = ListingRows(row).Select(r => (r.PartitionKey, r.RowKey)).ToHashSet();
            foreach (var stale in ListingRows(previous).Where(r => !keep.Contains((r.PartitionKey, r.RowKey))))
            {
                await _table.DeleteEntityAsync(stale.PartitionKey, stale.RowKey, ETag.All, cancellationToken);
            }
        }
    }

    private static IEnumerable<CatalogEntity> ListingRows(CatalogEntity row) =>
        row.ArticleStatus != ArticleStatus.Published
            ? []
            : CatalogKeys.ListingPartitions(row.TagList).Select(partition => new CatalogEntity
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
        ArticleStatus = article.Status,
        AiGenerated = article.AiGenerated,
        ContentHash = article.ContentHash,
        BlobETag = source.ETag,
        BlobLastModified = source.LastModified,
    };
}
