using Azure.Data.Tables;
using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>The articles a digest lists: a range read of the catalog's "latest" listing by publish time.</summary>
public sealed class DigestArticles(TableServiceClient tables, IOptions<StorageOptions> storage)
{
    private static readonly string[] Columns =
        [nameof(CatalogEntity.Slug), nameof(CatalogEntity.Title), nameof(CatalogEntity.Lead),
         nameof(CatalogEntity.Published), nameof(CatalogEntity.Tags), nameof(CatalogEntity.Section)];

    private readonly TableClient _table = tables.GetTableClient(storage.Value.ArticlesTable);

    /// <summary>Published articles with <paramref name="after"/> &lt; published ≤ <paramref name="until"/>, newest first.</summary>
    public async Task<List<DigestArticle>> PublishedAsync(DateTimeOffset after, DateTimeOffset until, CancellationToken cancellationToken)
    {
        // Listing keys sort newest first, so the window is one key range of one partition.
        var (from, to) = (CatalogKeys.ListingRowKey(until, ""), CatalogKeys.ListingRowKey(after, ""));
        var rows = _table.QueryAsync<CatalogEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {CatalogKeys.LatestPartition} and RowKey ge {from} and RowKey lt {to}"),
            select: Columns, cancellationToken: cancellationToken);
        var articles = new List<DigestArticle>();
        await foreach (var row in rows)
        {
            articles.Add(new DigestArticle(row.Slug, row.Title, row.Lead, row.Published, row.TagList, row.Section));
        }
        return articles;
    }
}
