using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Scheduling;

public static class SchedulingServices
{
    /// <summary>Publishing scheduled versions at their time.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services) => services
        .AddSingleton<ScheduledPublishing>();
}
