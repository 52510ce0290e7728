using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Articles;

public static class ArticlesServices
{
    /// <summary>The article files, the catalog, the rendered versions and the publisher, and the readers' side of them.</summary>
    public static IServiceCollection AddArticles(this IServiceCollection services) => services
        .AddSingleton<ArticleFiles>()
        .AddSingleton<ArticleCatalog>()
        .AddSingleton<PublishedArticles>()
        .AddSingleton<PublishErrorLog>()
        .AddSingleton<ArticlePublisher>()
        .AddSingleton<ArticleReader>();
}
