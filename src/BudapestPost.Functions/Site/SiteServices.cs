using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Site;

public static class SiteServices
{
    /// <summary>
    /// App Service sets this in every Azure instance and nowhere else: there a localhost base URL means
    /// the setting is missing, and the app refuses to start rather than link readers to localhost.
    /// </summary>
    public const string AzureSiteNameSetting = "WEBSITE_SITE_NAME";

    public static IServiceCollection AddSiteOptions(this IServiceCollection services)
    {
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                // Only when nothing set it: an empty setting is a mistake to report, not to cover.
                if (options.BaseUrl.Length == 0 && configuration[$"{SiteOptions.SectionName}:{nameof(SiteOptions.BaseUrl)}"] is null)
                {
                    options.BaseUrl = SiteOptions.DefaultBaseUrl(configuration["WEBSITE_HOSTNAME"]);
                }
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiteOptions>, LocalBaseUrlOutsideAzure>();
        return services;
    }

    private sealed class LocalBaseUrlOutsideAzure(IConfiguration configuration) : IValidateOptions<SiteOptions>
    {
        public ValidateOptionsResult Validate(string? name, SiteOptions options) =>
            !string.IsNullOrEmpty(configuration[AzureSiteNameSetting])
            && Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var url) && url.IsLoopback
                ? ValidateOptionsResult.Fail(
                    $"Site:BaseUrl is {options.BaseUrl}, a local address, but the app runs in Azure ({AzureSiteNameSetting} is set): set the Site__BaseUrl app setting (azd: SITE_BASE_URL) to the website's public address.")
                : ValidateOptionsResult.Success;
    }
}
