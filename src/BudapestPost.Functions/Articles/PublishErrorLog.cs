using System.Text.Json;
using Azure.Data.Tables;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Validation;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// The <c>PublishErrors</c> table: why a file was refused, newest first per slug.
/// Rejected files are recorded here instead of being retried, because retrying cannot fix them.
/// </summary>
public class PublishErrorLog(TableServiceClient tables, IOptions<StorageOptions> options, TimeProvider time)
{
    /// <summary>Partition for files whose name is not a valid <c>{slug}.md</c>.</summary>
    public const string InvalidNamePartition = "_invalid-name";

    private readonly TableClient _table = tables.GetTableClient(options.Value.PublishErrorsTable);

    public async Task RecordAsync(string blobName, IReadOnlyList<FieldError> errors, SourceVersion source, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entity = new TableEntity(PartitionFor(blobName),
            CatalogKeys.ListingRowKey(now, Guid.NewGuid().ToString("N")[..8]))
        {
            ["BlobName"] = blobName,
            ["BlobETag"] = source.ETag,
            ["Errors"] = JsonSerializer.Serialize(errors, JsonSerializerOptions.Web),
            ["Received"] = now,
        };
        await _table.AddEntityAsync(entity, cancellationToken);
    }

    public static string PartitionFor(string blobName)
    {
        var slug = Path.GetFileNameWithoutExtension(blobName);
        return blobName.EndsWith(".md", StringComparison.Ordinal) && Slug.IsValid(slug)
            ? slug
            : InvalidNamePartition;
    }

    public IAsyncEnumerable<TableEntity> ForSlugAsync(string slug, CancellationToken cancellationToken) =>
        _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {slug}"), cancellationToken: cancellationToken);
}
