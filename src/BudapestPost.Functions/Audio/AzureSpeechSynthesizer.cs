using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Azure.Core;
using BudapestPost.Core.Audio;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Audio;

/// <summary>
/// Azure AI Speech text to speech over its REST API (<c>POST {custom subdomain}/tts/cognitiveservices/v1</c>),
/// signed in with a Microsoft Entra token of the app's managed identity (local auth is off on the resource; no
/// key exists anywhere). A text is sent in pieces of at most <see cref="MaxCharactersPerRequest"/> characters,
/// well under the service's 10 minutes of audio per request, and the MP3s joined into one stream.
/// Throttling (429) and a busy or failing service (408, 5xx, timeouts) are answered by waiting as
/// <c>Retry-After</c> says, or a doubling backoff, and trying again.
/// </summary>
public sealed class AzureSpeechSynthesizer(
    HttpClient http, TokenCredential credential, IOptions<AudioOptions> options, TimeProvider time, ILogger<AzureSpeechSynthesizer> logger)
    : ISpeechSynthesizer
{
    /// <summary>About five minutes of speech: half the service's limit of audio per request.</summary>
    public const int MaxCharactersPerRequest = 5000;

    /// <summary>24 kHz mono MP3 at 48 kbit/s: what every browser plays, small enough for a phone.</summary>
    public const string OutputFormat = "audio-24khz-48kbitrate-mono-mp3";

    public const string Scope = "https://cognitiveservices.azure.com/.default";

    private const string DefaultVoice = "en-GB-SoniaNeural";
    private const int MaxAttempts = 6;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    private readonly Uri _endpoint = new(options.Value.SpeechEndpoint!, "tts/cognitiveservices/v1");
    private readonly TimeSpan _requestTimeout = options.Value.RequestTimeout;

    public string Voice { get; } = options.Value.Voice ?? DefaultVoice;

    public async Task<byte[]> SynthesizeAsync(string text, CancellationToken cancellationToken)
    {
        var parts = new List<byte[]>();
        foreach (var chunk in SpeechChunks.Split(text, MaxCharactersPerRequest))
        {
            parts.Add(await SynthesizeChunkAsync(chunk, cancellationToken));
        }
        return parts.Count == 1 ? parts[0] : Mp3Stream.Join(parts);
    }

    private async Task<byte[]> SynthesizeChunkAsync(string text, CancellationToken cancellationToken)
    {
        var ssml = Ssml.Build(text, Voice);
        for (var attempt = 1; ; attempt++)
        {
            var (audio, retryIn, reason) = await SendAsync(ssml, attempt, cancellationToken);
            if (audio is not null)
            {
                return audio;
            }
            if (attempt == MaxAttempts || retryIn is not { } wait)
            {
                throw new SpeechSynthesisException(attempt == 1 ? reason : $"{reason} (after {attempt} attempts)");
            }
            logger.LogWarning("Speech service: {Reason}; trying again in {WaitSeconds} s (attempt {Attempt} of {MaxAttempts})",
                reason, wait.TotalSeconds, attempt, MaxAttempts);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>One request: the audio, or why not and when to try again (null: trying again will not help).</summary>
    private async Task<(byte[]? Audio, TimeSpan? RetryIn, string Reason)> SendAsync(string ssml, int attempt, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, FirstBackoff.Ticks << (attempt - 1)));
        var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(ssml, Encoding.UTF8, "application/ssml+xml"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        request.Headers.Add("X-Microsoft-OutputFormat", OutputFormat);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("BudapestPost", "1.0"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.IsSuccessStatusCode)
            {
                var audio = await response.Content.ReadAsByteArrayAsync(timeout.Token);
                return Mp3Stream.Read(audio) is null
                    ? (null, backoff, $"the speech service answered {audio.Length} bytes that are not an MP3 stream")
                    : (audio, null, "");
            }
            var status = (int)response.StatusCode;
            var reason = $"the speech service answered {status} {response.ReasonPhrase}";
            return response.StatusCode switch
            {
                HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError =>
                    (null, Min(RetryAfter(response) ?? backoff, MaxBackoff), reason),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                    (null, null, reason + ": give the app's identity the Cognitive Services Speech User role on the Speech resource, " +
                        "and use its custom subdomain endpoint (Audio__SpeechEndpoint)"),
                _ => (null, null, $"{reason}: {await BodyAsync(response, timeout.Token)}"),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, backoff, $"the speech service did not answer within {_requestTimeout.TotalSeconds} s");
        }
        catch (HttpRequestException exception)
        {
            return (null, backoff, $"the speech service could not be reached: {exception.Message}");
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static async Task<string> BodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Length > 500 ? body[..500] : body;
    }
}
