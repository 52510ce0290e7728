using Azure;
using Azure.Data.Tables;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// Moves article rows stored under the one row key all articles used to share
/// (<see cref="CatalogKeys.LegacyArticleRowKey"/>) to their own (<see cref="CatalogKeys.ArticleRowKey"/>),
/// in the background after startup, once per table: a marker row records that it ran, so later starts cost one
/// point read. Until it has, the catalog also looks for a row it does not find under its own key under the old one.
/// </summary>
/// <remarks>
/// Each row moves in one transaction of its partition (the new row, then the old one deleted), so a
/// start that stops half way, or two instances starting at once, leave every article in exactly one row.
/// A new row that already exists was written by a publish since, and wins.
/// </remarks>
internal sealed class CatalogRowKeyMigration(
    TableServiceClient tables,
    IOptions<StorageOptions> options,
    ArticleCatalog catalog,
    ILogger<CatalogRowKeyMigration> logger) : BackgroundService
{
    public const string MarkerPartition = "~migrations";
    public const string MarkerRowKey = "article-row-keys";

    private static readonly HashSet<string> SystemProperties = ["PartitionKey", "RowKey", "Timestamp", "odata.etag"];

    /// <summary>Moves every article row still under the shared row key, unless the marker says it was done.</summary>
    public async Task MoveAsync(CancellationToken cancellationToken)
    {
        var table = tables.GetTableClient(options.Value.ArticlesTable);
        if (!(await table.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerRowKey, cancellationToken: cancellationToken)).HasValue)
        {
            var moved = 0;
            var filter = $"{CatalogKeys.ArticleRowsFilter} and {TableClient.CreateQueryFilter($"RowKey eq {CatalogKeys.LegacyArticleRowKey}")}";
            await foreach (var legacy in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                await MoveAsync(table, legacy, cancellationToken);
                moved++;
            }
            await table.UpsertEntityAsync(new TableEntity(MarkerPartition, MarkerRowKey), TableUpdateMode.Replace, cancellationToken);
            if (moved > 0)
            {
                logger.LogInformation("Moved {Count} article rows to their own row keys", moved);
            }
        }
        catalog.LegacyRowsMoved();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await MoveAsync(stoppingToken);
        }
        catch (Exception exception) when (StorageOutage.IsOutage(exception, stoppingToken))
        {
            // Not fatal: articles are still found under the old key, and the next start tries again.
            logger.LogWarning(exception, "Could not move article rows to their own row keys; the next start tries again");
        }
    }

    private static async Task MoveAsync(TableClient table, TableEntity legacy, CancellationToken cancellationToken)
    {
        var slug = legacy.GetString(nameof(CatalogEntity.Slug));
        var moved = new TableEntity(legacy.PartitionKey, CatalogKeys.ArticleRowKey(slug));
        foreach (var (name, value) in legacy.Where(property => !SystemProperties.Contains(property.Key)))
        {
            moved[name] = value;
        }
        try
        {
            await table.SubmitTransactionAsync(
            [
                new TableTransactionAction(TableTransactionActionType.Add, moved),
                new TableTransactionAction(TableTransactionActionType.Delete, legacy, legacy.ETag),
            ], cancellationToken);
        }
        catch (TableTransactionFailedException exception) when (exception.Status is 409 or 404 or 412)
        {
            // Published since (409) or moved by another instance (404, 412): drop the old row if it is still there.
            await table.DeleteEntityAsync(legacy.PartitionKey, legacy.RowKey, ETag.All, cancellationToken);
        }
    }
}
