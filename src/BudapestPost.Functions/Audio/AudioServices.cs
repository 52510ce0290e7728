using Azure.Core;
using BudapestPost.Functions.Articles;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Audio;

public static class AudioServices
{
    /// <summary>
    /// Narration: the synthesizer <c>Audio__Synthesizer</c> names, the store, the narrating passes, and what
    /// readers get. Azure AI Speech signs in with the credential the <c>Audio</c> section describes
    /// (<c>Audio__credential=managedidentity</c>, <c>Audio__clientId</c>), as Azure SDK clients do.
    /// </summary>
    public static IServiceCollection AddAudio(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AudioOptions>().BindConfiguration(AudioOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<AzureSpeechSynthesizer>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<EspeakSpeechSynthesizer>();
        services.AddSingleton<ISpeechSynthesizer>(provider =>
            provider.GetRequiredService<IOptions<AudioOptions>>().Value.Synthesizer == SpeechSynthesizerKind.AzureSpeech
                ? provider.GetRequiredService<AzureSpeechSynthesizer>()
                : provider.GetRequiredService<EspeakSpeechSynthesizer>());
        services.AddSingleton<TokenCredential>(provider =>
            provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(configuration.GetSection(AudioOptions.SectionName)));
        return services
            .AddSingleton<NarrationStore>()
            .AddSingleton<ArticleNarrator>()
            .AddSingleton<PodcastFeed>()
            .AddSingleton<IArticleAudio, ArticleAudioReader>()
            .AddHostedService<NarrationStorageInitializer>();
    }

    /// <summary>Creates the audio container and table if they are missing (in Azure the infrastructure does).</summary>
    private sealed class NarrationStorageInitializer(NarrationStore store) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            try
            {
                await store.CreateIfMissingAsync(cancellationToken);
            }
            catch (Azure.RequestFailedException)
            {
                // Not fatal: narrating passes fail and are tried again; the health endpoint reports storage.
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
