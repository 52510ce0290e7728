using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Audio;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Corrections;
using BudapestPost.Functions.Editors;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Functions.Pages;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Scheduling;
using BudapestPost.Functions.Search;
using BudapestPost.Functions.Site;
using BudapestPost.Functions.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BudapestPost.Functions;

public static class ApplicationServices
{
    public static FunctionsApplicationBuilder AddApplicationServices(this FunctionsApplicationBuilder builder)
    {
        builder.UseMiddleware<NoStoreByDefaultMiddleware>();
        builder.UseMiddleware<ExceptionHandlingMiddleware>();
        builder.UseMiddleware<EditorAccessMiddleware>();
        builder.UseMiddleware<PagesSwitchMiddleware>();
        builder.Services.AddBudapestPost(builder.Configuration);
        return builder;
    }

    /// <summary>Everything the functions depend on; also used by tests to wire the real services.</summary>
    public static IServiceCollection AddBudapestPost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StorageRequestCounter>();
        services.AddAzureClients(clients => clients.AddStorageClients(configuration));
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<StorageInitializer>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ReadCacheOptions>().BindConfiguration(ReadCacheOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReadThroughCache>();
        services.AddSiteOptions();

        services.AddSingleton<PendingFiles>();

        services.AddEditors();
        services.AddArticles();
        services.AddFeedback();
        services.AddCorrections();
        services.AddFeeds(configuration);
        services.AddRelated();
        services.AddSearch();
        services.AddScheduling();
        services.AddNewsletter();
        services.AddAudio();
        services.AddPages();
        return services;
    }
}
