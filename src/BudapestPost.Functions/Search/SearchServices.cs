using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Search;

public static class SearchServices
{
    public static IServiceCollection AddSearch(this IServiceCollection services) => services
        .AddSingleton<SearchIndexBlobs>()
        .AddSingleton<SearchReplica>()
        .AddSingleton<SearchIndexer>();
}
