using BudapestPost.Functions.Site;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

public static class NewsletterServices
{
    public static IServiceCollection AddNewsletter(this IServiceCollection services)
    {
        services.AddOptions<NewsletterOptions>().BindConfiguration(NewsletterOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate<IOptions<SiteOptions>>((options, site) => site.Value.ServePages || !string.IsNullOrEmpty(options.ApiBaseUrl),
                "Newsletter:ApiBaseUrl is empty while a separate front end serves the website (Site:ServePages is false): set Newsletter__ApiBaseUrl to this API's public address, e.g. https://api.budapestpost.example, for the emails' one-click unsubscribe link.")
            .ValidateOnStart();
        services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SmtpMailSender>();
        services.AddSingleton<NewsletterLinks>();
        services.AddSingleton<NewsletterState>();
        services.AddSingleton<SubscriberStore>();
        services.AddSingleton<DeliveryLog>();
        services.AddSingleton<SignUpQueue>();
        services.AddSingleton<NewsletterSubscriptions>();
        services.AddSingleton<DigestPlanner>();
        services.AddSingleton<DigestSender>();
        return services;
    }
}
