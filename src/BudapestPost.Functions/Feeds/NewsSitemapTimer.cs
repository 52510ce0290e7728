using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Feeds;

/// <summary>
/// Keeps the Google News sitemap to the last two days between publishes: every ten minutes,
/// entries that left the window are dropped (nothing is written when none did).
/// </summary>
public sealed class NewsSitemapTimer(FeedPublisher publisher)
{
    [Function(nameof(RefreshNewsSitemap))]
    public Task RefreshNewsSitemap([TimerTrigger("0 */10 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        publisher.RefreshNewsAsync(cancellationToken);
}
