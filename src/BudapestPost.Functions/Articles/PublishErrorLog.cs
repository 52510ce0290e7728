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
public sealed class PublishErrorLog(TableServiceClient tables, IOptions<StorageOptions> options, TimeProvider time)
{
    /// <summary>Partition for files whose name is not a valid <c>{slug}.md</c>.</summary>
    public const string InvalidNamePartition = "_invalid-name";

    // A row must stay well under Table Storage's 64 KiB per property: the first errors (cut to a
    // readable length) and how many there were in all are enough to fix a file.
    public const int MaxRecordedErrors = 20;
    public const int MaxRecordedLength = 300;

    private readonly TableClient _table = tables.GetTableClient(options.Value.PublishErrorsTable);

    public async Task RecordAsync(string blobName, IReadOnlyList<FieldError> errors, SourceVersion source, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var recorded = errors.Take(MaxRecordedErrors).Select(e => new FieldError(Cut(e.Field), Cut(e.Reason)));
        var entity = new TableEntity(PartitionFor(blobName),
            CatalogKeys.ListingRowKey(now, Guid.NewGuid().ToString("N")[..8]))
        {
            ["BlobName"] = Cut(blobName),
            ["BlobETag"] = source.ETag,
            ["Errors"] = JsonSerializer.Serialize(recorded, JsonSerializerOptions.Web),
            ["ErrorCount"] = errors.Count,
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

    private static string Cut(string text)
    {
        if (text.Length <= MaxRecordedLength)
        {
            return text;
        }
        var end = char.IsHighSurrogate(text[MaxRecordedLength - 1]) ? MaxRecordedLength - 1 : MaxRecordedLength;
        return text[..end] + "…";
    }
}
