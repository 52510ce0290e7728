using BudapestPost.Functions.Articles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Feeds;

public static class FeedsServices
{
    /// <summary>The feeds and sitemaps, told of every live version by the publisher.</summary>
    public static IServiceCollection AddFeeds(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FeedsOptions>().BindConfiguration(FeedsOptions.SectionName)
            .PostConfigure(options => options.PublicApiUrl ??= FeedsOptions.DefaultPublicApiUrl(configuration["WEBSITE_HOSTNAME"]))
            .ValidateDataAnnotations().ValidateOnStart();
        return services
            .AddSingleton<FeedBlobs>()
            .AddSingleton<FeedRenderer>()
            .AddSingleton<FeedBackfill>()
            .AddSingleton<FeedPublisher>()
            .AddSingleton<FeedRebuilder>()
            .AddSingleton<IArticleLiveListener>(provider => provider.GetRequiredService<FeedPublisher>());
    }
}
