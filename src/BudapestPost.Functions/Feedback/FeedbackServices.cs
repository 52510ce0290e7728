using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Feedback;

public static class FeedbackServices
{
    /// <summary>Reader feedback: the endpoint's intake, the editors' triage and the table they share.</summary>
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        return services
            .AddSingleton<FeedbackStore>()
            .AddSingleton<FeedbackIntake>()
            .AddSingleton<FeedbackTriage>();
    }
}
