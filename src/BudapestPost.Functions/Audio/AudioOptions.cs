using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Audio;

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

    /// <summary>The blob container of the MP3 files (private; the app serves them).</summary>
    [Required] public string Container { get; set; } = "audio";

    /// <summary>The table of each article's narration, the podcast episodes and the narrations to try again.</summary>
    [Required] public string Table { get; set; } = "Narrations";

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
