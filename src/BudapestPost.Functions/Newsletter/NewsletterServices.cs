using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Newsletter;

public static class NewsletterServices
{
    public static IServiceCollection AddNewsletter(this IServiceCollection services)
    {
        services.AddOptions<NewsletterOptions>().BindConfiguration(NewsletterOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<NewsletterLinks>();
        services.AddSingleton<NewsletterState>();
        services.AddSingleton<SubscriberStore>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<NewsletterSubscriptions>();
        services.AddSingleton<DigestPlanner>();
        services.AddSingleton<DigestSender>();
        return services;
    }
}
