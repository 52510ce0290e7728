using System.Globalization;

namespace BudapestPost.Functions.Articles;

/// <summary>The key scheme of the <c>Articles</c> table (see <see cref="CatalogEntity"/>).</summary>
public static class CatalogKeys
{
    public const string LatestPartition = "latest";

    private const string ArticlePartitionPrefix = "article_";

    public static string ArticlePartition(string slug) => ArticlePartitionPrefix + slug;

    /// <summary>
    /// The article row's key, unique in the table: a point read then finds its row through an index on row
    /// keys alone (Azurite's storage looks a row up by its row key first and scans the matches for the partition).
    /// </summary>
    public static string ArticleRowKey(string slug) => slug;

    /// <summary>A filter matching the article rows and no other rows: their partitions, as a range.</summary>
    public static string ArticleRowsFilter => Azure.Data.Tables.TableClient.CreateQueryFilter(
        $"PartitionKey ge {ArticlePartitionPrefix} and PartitionKey lt {ArticlePartitionPrefix[..^1] + (char)(ArticlePartitionPrefix[^1] + 1)}");

    public static string TagPartition(string tag) => "tag_" + tag;

    public static string SectionPartition(string section) => "section_" + section;

    /// <summary>The listing partition of all articles, one tag's or one section's.</summary>
    public static string ListingPartition(string? tag, string? section) =>
        tag is not null ? TagPartition(tag) : section is not null ? SectionPartition(section) : LatestPartition;

    /// <summary>Sorts newest first: ticks counted back from the end of time, fixed width.</summary>
    public static string ListingRowKey(DateTimeOffset published, string slug) =>
        (DateTimeOffset.MaxValue.UtcTicks - published.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + slug;

    /// <summary>The listing partitions an article with these tags and section appears in.</summary>
    public static IEnumerable<string> ListingPartitions(IEnumerable<string> tags, string? section) =>
        tags.Select(TagPartition).Prepend(LatestPartition)
            .Concat(section is null ? [] : [SectionPartition(section)]);
}
