using Azure.Core;
using BudapestPost.Functions.Articles;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Audio;

public static class AudioServices
{
    /// <summary>
    /// Narration: the synthesizer <c>Audio__Synthesizer</c> names, the store, the narrating passes, and what
    /// readers get. Azure AI Speech signs in as the managed identity <c>Audio__ClientId</c> names (the
    /// system-assigned one when it is empty).
    /// </summary>
    public static IServiceCollection AddAudio(this IServiceCollection services)
    {
        services.AddOptions<AudioOptions>().BindConfiguration(AudioOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        // One client for the app's life; its connections are renewed every few minutes so DNS changes are seen.
        // Each request's own timeout is AudioOptions.RequestTimeout.
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<AzureSpeechSynthesizer>(provider,
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = Timeout.InfiniteTimeSpan }));
        services.AddSingleton<EspeakSpeechSynthesizer>();
        services.AddSingleton<ISpeechSynthesizer>(provider =>
            provider.GetRequiredService<IOptions<AudioOptions>>().Value.Synthesizer == SpeechSynthesizerKind.AzureSpeech
                ? provider.GetRequiredService<AzureSpeechSynthesizer>()
                : provider.GetRequiredService<EspeakSpeechSynthesizer>());
        // The app's managed identity, as the storage clients sign in: no key exists for the Speech resource.
        services.AddSingleton<TokenCredential>(provider =>
            provider.GetRequiredService<IOptions<AudioOptions>>().Value.ClientId is { Length: > 0 } clientId
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
                : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned));
        return services
            .AddSingleton<NarrationStore>()
            .AddSingleton<NarrationFiles>()
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
