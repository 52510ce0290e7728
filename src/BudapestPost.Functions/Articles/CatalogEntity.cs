using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Articles;

/// <summary>
/// A row of the <c>Articles</c> table. Two shapes share it:
/// the article row (PK <c>article_{slug}</c>, RK <c>current</c>) holding the live version, and
/// listing rows (PK <c>latest</c> or <c>tag_{tag}</c>, RK reverse publish time + slug) that serve
/// "newest first" and "newest first within a tag" as single-partition range reads.
/// </summary>
public sealed class CatalogEntity : ITableEntity
{
    public const string PublishedStatus = "published";
    public const string RetractedStatus = "retracted";

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
    public string? Status { get; set; }
    public bool AiGenerated { get; set; }
    public string? ContentHash { get; set; }
    public string? BlobETag { get; set; }
    public DateTimeOffset? BlobLastModified { get; set; }

    public static string StatusOf(BudapestPost.Core.Articles.ArticleStatus status) => status.ToString().ToLowerInvariant();

    [IgnoreDataMember]
    public IReadOnlyList<string> TagList => Tags.Length == 0 ? [] : Tags.Split(',');
}
