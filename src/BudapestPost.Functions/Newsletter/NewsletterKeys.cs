namespace BudapestPost.Functions.Newsletter;

/// <summary>
/// The key scheme of the Newsletter table. A subscriber's key is an HMAC of the address under the newsletter's
/// secret key, so every row about one address is found from the address alone, which is what an erasure request
/// needs, while nobody without the key can tell from a key (in a link, say) whose it is. Subscribers stored before
/// keys were keyed keep their SHA-256 key; lookups by address try it second.
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
