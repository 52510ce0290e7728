using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Corrections;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Functions.Pages;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Site;
using BudapestPost.Functions.Search;
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
        builder.UseMiddleware<PagesSwitchMiddleware>();
        builder.Services.AddBudapestPost(builder.Configuration);
        return builder;
    }

    /// <summary>Everything the functions depend on; also used by tests to wire the real services.</summary>
    public static IServiceCollection AddBudapestPost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<StorageRequestCounter>();
        services.AddAzureClients(clients => clients.AddStorageClients(configuration));
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<StorageInitializer>();
        services.AddHostedService<CatalogRowKeyMigration>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ReadCacheOptions>().BindConfiguration(ReadCacheOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ReadThroughCache>();
        services.AddSiteOptions();

        services.AddSingleton<ArticleFiles>();
        services.AddSingleton<ArticleCatalog>();
        services.AddSingleton<PublishedArticles>();
        services.AddSingleton<PublishErrorLog>();
        services.AddSingleton<ArticlePublisher>();
        services.AddSingleton<ArticleReader>();

        services.AddOptions<FeedbackOptions>().BindConfiguration(FeedbackOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ClientHasher>();
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<FeedbackQueue>();
        services.AddSingleton<FeedbackRateLimiter>();
        services.AddSingleton<FeedbackArticleWriter>();
        services.AddSingleton<FeedbackIntake>();
        services.AddSingleton<FeedbackTriage>();

        services.AddSingleton<ArticleCorrector>();
        services.AddSingleton<CorrectionFeed>();
        services.AddSingleton<CorrectionLog>();
        services.AddSingleton<IArticleLiveListener>(provider => provider.GetRequiredService<CorrectionLog>());

        services.AddFeeds(configuration);

        services.AddOptions<RelatedOptions>().BindConfiguration(RelatedOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RelatedModelStore>();
        services.AddSingleton<RelatedIndexBlobs>();
        services.AddSingleton<IRelatedArticles>(provider => provider.GetRequiredService<RelatedIndexBlobs>());
        services.AddSingleton<RelatedListWriter>();
        services.AddSingleton<PendingFiles>();
        services.AddSingleton<RelatedIndexer>();
        services.AddSingleton<DeletedArticleFiles>();

        services.AddSearch();
        services.AddNewsletter();
        services.AddPages();
        return services;
    }
}
