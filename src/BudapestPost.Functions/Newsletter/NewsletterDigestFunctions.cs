using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Newsletter;

/// <summary>The daily digest: a timer that plans it, and a queue trigger that sends it batch by batch.</summary>
public sealed class NewsletterDigestFunctions(DigestPlanner planner, DigestSender sender, NewsletterSubscriptions subscriptions)
{
    /// <summary>
    /// Ticks on the app setting <c>NewsletterTimerSchedule</c> (every five minutes in Azure): cheap when no digest
    /// is due (one table read). The digest schedule itself is evaluated by the app in its configured time zone,
    /// because Flex Consumption runs timers in UTC only.
    /// </summary>
    [Function(nameof(PlanNewsletterDigest))]
    public async Task PlanNewsletterDigest([TimerTrigger("%NewsletterTimerSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await subscriptions.PurgeExpiredAsync(cancellationToken);
        await planner.RunAsync(cancellationToken);
    }

    /// <summary>One batch of a digest; the host retries a failed batch and moves it to the poison queue after 5 tries.</summary>
    [Function(nameof(SendNewsletterDigestBatch))]
    public async Task SendNewsletterDigestBatch([QueueTrigger(DigestPlanner.QueueName)] string message, CancellationToken cancellationToken)
    {
        var batch = JsonSerializer.Deserialize<DigestBatch>(message, JsonSerializerOptions.Web)
            ?? throw new JsonException($"The message '{message}' is not a digest batch.");
        await sender.SendAsync(batch, cancellationToken);
    }
}
