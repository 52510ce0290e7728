namespace BudapestPost.Functions.Newsletter;

/// <summary>
/// The key scheme of the Newsletter table. A subscriber's key is the SHA-256 of the address, so every
/// row about one address is found from the address alone, which is what an erasure request needs.
/// </summary>
public static class NewsletterKeys
{
    /// <summary>Every subscriber (RK = subscriber key): one partition, so a digest reads the list as range queries.</summary>
    public const string SubscribersPartition = "subscribers";

    /// <summary>Confirmation tokens (RK = SHA-256 of the token).</summary>
    public const string TokensPartition = "tokens";

    /// <summary>One row per digest (RK = digest id) with its time window and fan-out.</summary>
    public const string DigestsPartition = "digests";

    /// <summary>The digest schedule's progress, the per-client sign-up counters and the unsubscribe key.</summary>
    public const string StatePartition = "~state";

    public const string DigestStateRow = "digest";
    public const string UnsubscribeKeyRow = "unsubscribe-key";

    public static string RateRow(string clientHash) => "rate~" + clientHash;

    /// <summary>What one digest was sent to (RK = subscriber key), so a batch claims its readers in one transaction.</summary>
    public static string DeliveriesPartition(string digestId) => "deliveries~" + digestId;
}
