using System.ComponentModel.DataAnnotations;
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

/// <summary>Where the feeds and sitemaps are served, for their self links and the sitemap index.</summary>
public sealed class FeedsOptions
{
    public const string SectionName = "Feeds";

    /// <summary>
    /// The public URL of the API, ending in <c>/api/</c>; feeds are under <c>feeds/</c>, sitemaps
    /// under <c>sitemaps/</c>. Unset, it is the app's own host name (<c>WEBSITE_HOSTNAME</c>, which
    /// Azure sets) or, locally, the DevHost's default address.
    /// </summary>
    [Required, Url] public string? PublicApiUrl { get; set; }

    public string Url(string path) => PublicApiUrl!.TrimEnd('/') + "/" + path;

    public static string DefaultPublicApiUrl(string? websiteHostName) =>
        string.IsNullOrEmpty(websiteHostName) ? "http://127.0.0.1:7071/api/" : $"https://{websiteHostName}/api/";
}
