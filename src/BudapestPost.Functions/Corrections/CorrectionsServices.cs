using BudapestPost.Functions.Articles;
using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Corrections;

public static class CorrectionsServices
{
    /// <summary>Corrections and their public log, told of every live version by the publisher.</summary>
    public static IServiceCollection AddCorrections(this IServiceCollection services) => services
        .AddSingleton<ArticleCorrector>()
        .AddSingleton<CorrectionFeed>()
        .AddSingleton<CorrectionLog>()
        .AddSingleton<IArticleLiveListener>(provider => provider.GetRequiredService<CorrectionLog>());
}
