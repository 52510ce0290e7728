using Azure.Data.Tables;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Per-client fixed-window limits kept in the Feedback table, so every instance of the app counts
/// against the same numbers (in-memory limiters would multiply the limit by the instance count on
/// Flex Consumption, and reset whenever an instance is recycled). Each counter is one row updated
/// with ETag concurrency; the row is reused when its window has passed, so rows grow with clients,
/// not with time.
/// </summary>
public sealed class FeedbackRateLimiter(
    TableServiceClient tables, IOptions<StorageOptions> storage, IOptions<FeedbackOptions> options, TimeProvider time)
{
    private readonly FixedWindowCounter _counters = new(tables.GetTableClient(storage.Value.FeedbackTable), time);
    private readonly FeedbackOptions _options = options.Value;

    /// <summary>
    /// Counts one report against the per-article limit, then against the overall limit. A report refused
    /// by the overall limit has still used one per-article permit; that only happens to a client that is
    /// over its hourly allowance anyway.
    /// </summary>
    public async Task<RateLimitDecision> AcquireAsync(string slug, string clientHash, CancellationToken cancellationToken)
    {
        var perArticle = await _counters.AcquireAsync(
            slug, FeedbackTableKeys.RateRow(clientHash), _options.PerArticlePermitLimit, _options.PerArticleWindow, cancellationToken);
        if (!perArticle.Allowed)
        {
            return perArticle;
        }
        return await _counters.AcquireAsync(
            FeedbackTableKeys.ClientsPartition, FeedbackTableKeys.RateRow(clientHash), _options.PerClientPermitLimit, _options.PerClientWindow, cancellationToken);
    }
}
