using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Corrections;

/// <summary>
/// A row of the <c>Corrections</c> table. Each correction is stored twice: in partition <c>log</c>
/// (RK reverse time + slug) for the newest-first log, and in <c>article_{slug}</c> (RK time) to
/// find an article's corrections when it is published again, both single-partition reads.
/// </summary>
public sealed class CorrectionLogEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string Text { get; set; } = "";

    /// <summary>The article was retracted; its corrections stay in the log, marked.</summary>
    public bool Retracted { get; set; }

    public const string LogPartition = "log";

    public static string ArticlePartition(string slug) => "article_" + slug;

    public static string LogRowKey(DateTimeOffset at, string slug) =>
        $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}_{slug}";

    public static string ArticleRowKey(DateTimeOffset at) => $"{at.UtcTicks:D19}";

    public bool SameAs(CorrectionLogEntity other) =>
        (Title, At, Text, Retracted) == (other.Title, other.At, other.Text, other.Retracted);
}
