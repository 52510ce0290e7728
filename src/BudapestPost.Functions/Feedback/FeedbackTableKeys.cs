using System.Security.Cryptography;
using System.Text;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Keys of the bookkeeping rows that share the Feedback table with the reports. Their row keys start
/// with '~', which sorts after every report id (digits), so report queries exclude them with
/// <c>RowKey lt '~'</c>; slugs never contain '~', so their partitions cannot clash with an article.
/// </summary>
public static class FeedbackTableKeys
{
    public const string BookkeepingPrefix = "~";

    /// <summary>Partition holding settings the app makes for itself, such as the client hash key.</summary>
    public const string ConfigurationPartition = "~configuration";

    public const string ClientHashKeyRow = "~client-hash-key";

    /// <summary>Partition holding the per-client counters that span all articles.</summary>
    public const string ClientsPartition = "~clients";

    /// <summary>Row (in the article's partition) remembering an Idempotency-Key; the key is hashed because headers may hold characters row keys may not.</summary>
    public static string IdempotencyRow(string idempotencyKey) => $"~idempotency~{Sha256Hex(idempotencyKey)}";

    /// <summary>Row (in the article's partition, or in <see cref="ClientsPartition"/>) counting one client's reports in the current window.</summary>
    public static string RateRow(string clientHash) => $"~rate~{clientHash}";

    /// <summary>Partition of the editors' queue for one status: a counts row and a rank row per article with reports in it.</summary>
    public static string QueuePartition(string status) => $"~queue~{status}";

    /// <summary>The row holding an article's report counts in a queue partition, found by slug.</summary>
    public static string QueueCountRow(string slug) => $"~count~{slug}";

    /// <summary>Rank rows sort most reports first (the count inverted, zero-padded), then by slug.</summary>
    public const string QueueRankPrefix = "~rank~";

    /// <summary>Just after every rank row ('~' sorts after the digits that follow the prefix).</summary>
    public const string QueueRankEnd = "~rank~~";

    public static string QueueRankRow(int count, string slug) => $"{QueueRankPrefix}{MaxQueueCount - count:D10}~{slug}";

    private const long MaxQueueCount = 9_999_999_999;

    private static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
