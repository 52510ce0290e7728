using System.ComponentModel.DataAnnotations;
using Azure.Core;
using Azure.Identity;
using BudapestPost.Functions.Articles;
using Microsoft.Extensions.DependencyInjection;
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
            .AddSingleton<IArticleAudio, ArticleAudioReader>();
    }
}

/// <summary>Narration of articles, bound from the "Audio" section (<c>Audio__Enabled</c>, <c>Audio__Voice</c>, ...).</summary>
public sealed class AudioOptions : IValidatableObject
{
    public const string SectionName = "Audio";

    /// <summary>Off: nothing is narrated, articles show no audio, the audio URLs and the podcast feed answer 404.</summary>
    public bool Enabled { get; set; } = true;

    public SpeechSynthesizerKind Synthesizer { get; set; } = SpeechSynthesizerKind.Local;

    /// <summary>
    /// The voice: a neural voice name for Azure AI Speech (default <c>en-GB-SoniaNeural</c>), an espeak-ng voice
    /// locally (default <c>en-gb</c>). A new voice narrates every article again as it is next published.
    /// </summary>
    [RegularExpression("^[A-Za-z0-9:_+-]{1,100}$")]
    public string? Voice { get; set; }

    /// <summary>The Speech resource's custom subdomain endpoint, e.g. <c>https://speech-x.cognitiveservices.azure.com/</c>.</summary>
    public Uri? SpeechEndpoint { get; set; }

    /// <summary>Client id of the user-assigned managed identity that signs in to the Speech resource; empty: the system-assigned one.</summary>
    public string? ClientId { get; set; }

    /// <summary>How long one request to the speech service may take before it is given up and tried again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The first wait before a failed narration is tried again; it doubles with each failure, up to an hour.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Square artwork of the podcast (1,400–3,000 px, JPEG or PNG); default: <c>podcast.png</c> at the site's root.</summary>
    [Url] public string? PodcastImageUrl { get; set; }

    /// <summary>The podcast owner's email address, which podcast directories show and use to verify ownership.</summary>
    [EmailAddress] public string? PodcastOwnerEmail { get; set; }

    /// <summary>The podcast's category in Apple's list.</summary>
    [Required] public string PodcastCategory { get; set; } = "News";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled || Synthesizer != SpeechSynthesizerKind.AzureSpeech)
        {
            yield break;
        }
        // Plain http only to this machine: a local stand-in for the service.
        if (SpeechEndpoint is not { IsAbsoluteUri: true } endpoint || !(endpoint.Scheme == "https" || endpoint is { Scheme: "http", IsLoopback: true }))
        {
            yield return new ValidationResult(
                "Audio:SpeechEndpoint must be the https endpoint of the Speech resource's custom subdomain, e.g. " +
                "https://speech-x.cognitiveservices.azure.com/ (azd sets it), when Audio:Synthesizer is AzureSpeech.",
                [nameof(SpeechEndpoint)]);
        }
    }
}

public enum SpeechSynthesizerKind
{
    /// <summary>espeak-ng, encoded with lame: local runs and tests.</summary>
    Local,

    /// <summary>Azure AI Speech over its REST API, signed in with the app's managed identity.</summary>
    AzureSpeech,
}
