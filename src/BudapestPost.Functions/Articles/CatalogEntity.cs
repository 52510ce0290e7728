using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using BudapestPost.Core.Articles;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// A row of the <c>Articles</c> table. Two shapes share it:
/// the article row (PK <c>article_{slug}</c>, RK <c>{slug}</c>) holding the live version, and
/// listing rows (PK <c>latest</c> or <c>tag_{tag}</c>, RK reverse publish time + slug) that serve
/// "newest first" and "newest first within a tag" as single-partition range reads.
/// </summary>
public sealed class CatalogEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Lead { get; set; } = "";
    public DateTimeOffset Published { get; set; }
    public DateTimeOffset? Updated { get; set; }

    /// <summary>Tags joined with commas (tags are slugs, so they never contain one).</summary>
    public string Tags { get; set; } = "";
    public string? Section { get; set; }

    // Only on the article row.

    /// <summary>The stored form of <see cref="ArticleStatus"/>: its lowercase name.</summary>
    public string? Status { get; set; }
    public bool AiGenerated { get; set; }
    public string? ContentHash { get; set; }
    public string? BlobETag { get; set; }
    public DateTimeOffset? BlobLastModified { get; set; }

    /// <summary>
    /// The change feed entry this row's version committed (<see cref="CatalogChanges"/>), or the last one before it
    /// when the version made none; null on rows written before rows recorded it.
    /// </summary>
    public long? ChangeSequence { get; set; }

    [IgnoreDataMember]
    public ArticleStatus? ArticleStatus
    {
        get => Enum.TryParse<ArticleStatus>(Status, ignoreCase: true, out var status) ? status : null;
        set => Status = value?.ToString().ToLowerInvariant();
    }

    [IgnoreDataMember]
    public IReadOnlyList<string> TagList => Tags.Length == 0 ? [] : Tags.Split(',');
}
