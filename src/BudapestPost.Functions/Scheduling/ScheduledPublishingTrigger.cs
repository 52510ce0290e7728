using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Scheduling;

public sealed class ScheduledPublishingTrigger(ScheduledPublishing scheduled, ILogger<ScheduledPublishingTrigger> logger)
{
    /// <summary>
    /// Every minute: publishes the scheduled versions due before the next tick, each at its time. Monitored (a
    /// minute apart), so a tick missed while the app was stopped runs past due at the start, and finds everything
    /// due since.
    /// </summary>
    [Function(nameof(PublishScheduledArticles))]
    public async Task PublishScheduledArticles([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (timer.IsPastDue)
        {
            logger.LogWarning("Scheduled publishing runs late (last tick {Last:u}): publishing everything due since", timer.ScheduleStatus?.Last);
        }
        await scheduled.PublishDueAsync(cancellationToken);
    }
}
