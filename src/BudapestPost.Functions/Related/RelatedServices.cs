using BudapestPost.Core.Related;
using BudapestPost.Functions.Articles;
using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Related;

public static class RelatedServices
{
    /// <summary>The related-articles model and lists, which the articles read through <see cref="IRelatedArticles"/>.</summary>
    public static IServiceCollection AddRelated(this IServiceCollection services)
    {
        services.AddOptions<RelatedOptions>().BindConfiguration(RelatedOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        return services
            .AddSingleton<RelatedModelStore>()
            .AddSingleton<RelatedIndexBlobs>()
            .AddSingleton<IRelatedArticles>(provider => provider.GetRequiredService<RelatedIndexBlobs>())
            .AddSingleton<RelatedListWriter>()
            .AddSingleton<RelatedIndexer>()
            .AddSingleton<DeletedArticleFiles>();
    }
}
