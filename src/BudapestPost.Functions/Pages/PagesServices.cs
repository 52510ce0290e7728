using BudapestPost.Functions.Http;
using BudapestPost.Site;
using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Pages;

public static class PagesServices
{
    /// <summary>The reader website: its templates' renderer and the services that gather each page type's data.</summary>
    public static IServiceCollection AddPages(this IServiceCollection services) => services
        .AddSingleton<PageRenderer>()
        .AddSingleton<PageFrames>()
        .AddSingleton<NewsletterForms>()
        .AddSingleton<ErrorPages>()
        .AddSingleton<IFailurePages>(provider => provider.GetRequiredService<ErrorPages>())
        .AddSingleton<ArticlePages>()
        .AddSingleton<ListingPages>()
        .AddSingleton<SearchPages>()
        .AddSingleton<NewsletterPages>()
        .AddSingleton<SiteFiles>();
}
