using System.Diagnostics;
using System.Xml.Linq;
using Azure.Core;
using BudapestPost.Core.Audio;
using BudapestPost.Functions.Audio;
using BudapestPost.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Audio;

/// <summary>The Azure AI Speech REST client against a loopback stand-in that checks what it receives.</summary>
public sealed class AzureSpeechSynthesizerTests : IAsyncLifetime
{
    private static readonly XNamespace Synthesis = "http://www.w3.org/2001/10/synthesis";
    private readonly FakeSpeechService _service = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task SynthesizeAsync_Text_PostsSsmlInTheVoiceWithTheTokenAndOutputFormat()
    {
        var credential = new CountingCredential();
        var synthesizer = Synthesizer(credential, voice: "en-US-AvaNeural");

        var mp3 = await synthesizer.SynthesizeAsync("Budapest & Vienna <talk>.\n\nSecond paragraph.", CancellationToken.None);

        var request = Assert.Single(_service.SynthesisRequests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/tts/cognitiveservices/v1", request.Path);
        Assert.Equal("Bearer token-1", request.Headers["Authorization"]);
        Assert.Equal(AzureSpeechSynthesizer.OutputFormat, request.Headers["X-Microsoft-OutputFormat"]);
        Assert.StartsWith("application/ssml+xml", request.Headers["Content-Type"]);
        var voice = XDocument.Parse(request.Body).Root!.Element(Synthesis + "voice")!;
        Assert.Equal("en-US-AvaNeural", voice.Attribute("name")?.Value);
        Assert.Equal(["Budapest & Vienna <talk>.", "Second paragraph."], voice.Elements(Synthesis + "p").Select(p => p.Value));
        Assert.Equal([AzureSpeechSynthesizer.Scope], credential.Scopes);
        Assert.NotNull(Mp3Stream.Read(mp3));
    }

    [Fact]
    public async Task SynthesizeAsync_LongText_IsSentInPiecesUnderTheLimitAndJoined()
    {
        var text = string.Join("\n\n", Enumerable.Range(1, 120).Select(i => $"Paragraph {i} reports what happened in Brussels today, and why it matters."));

        var mp3 = await Synthesizer().SynthesizeAsync(text, CancellationToken.None);

        var requests = _service.SynthesisRequests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, request => Assert.InRange(request.Text.Length, 1, AzureSpeechSynthesizer.MaxCharactersPerRequest));
        Assert.Equal(text.Replace("\n\n", ""), string.Concat(requests.Select(request => request.Text)));
        var expectedFrames = requests.Sum(request => Mp3Stream.Read(FakeSpeechService.Success(request).Body!)!.Frames);
        Assert.Equal(expectedFrames, Mp3Stream.Read(mp3)?.Frames);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task SynthesizeAsync_Throttled_WaitsAsRetryAfterSaysThenTriesAgain(int status)
    {
        var calls = 0;
        _service.Answer = request => Interlocked.Increment(ref calls) == 1 ? new FakeAnswer(status, RetryAfter: "1") : FakeSpeechService.Success(request);
        var watch = Stopwatch.StartNew();

        var mp3 = await Synthesizer().SynthesizeAsync("Hello.", CancellationToken.None);

        Assert.Equal(2, _service.SynthesisRequests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.9), $"Tried again after {watch.Elapsed}, before Retry-After's 1 s.");
        Assert.NotNull(Mp3Stream.Read(mp3));
    }

    [Fact]
    public async Task SynthesizeAsync_ServiceKeepsFailing_ThrowsWithTheReasonAfterSixAttempts()
    {
        _service.Answer = _ => new FakeAnswer(503, RetryAfter: "0");

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(() => Synthesizer().SynthesizeAsync("Hello.", CancellationToken.None));

        Assert.Equal(6, _service.SynthesisRequests.Count);
        Assert.Contains("503", exception.Message);
        Assert.Contains("6 attempts", exception.Message);
    }

    [Fact]
    public async Task SynthesizeAsync_NoAnswerInTime_TriesAgain()
    {
        var calls = 0;
        _service.Answer = request => Interlocked.Increment(ref calls) == 1
            ? FakeSpeechService.Success(request) with { Delay = TimeSpan.FromSeconds(5) }
            : FakeSpeechService.Success(request);

        var mp3 = await Synthesizer(timeout: TimeSpan.FromSeconds(1)).SynthesizeAsync("Hello.", CancellationToken.None);

        Assert.Equal(2, _service.SynthesisRequests.Count);
        Assert.NotNull(Mp3Stream.Read(mp3));
    }

    [Theory]
    [InlineData(401, "Cognitive Services Speech User")]
    [InlineData(400, "status 400")]
    public async Task SynthesizeAsync_Refused_ThrowsAtOnceWithWhatToDo(int status, string hint)
    {
        _service.Answer = _ => new FakeAnswer(status);

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(() => Synthesizer().SynthesizeAsync("Hello.", CancellationToken.None));

        Assert.Single(_service.SynthesisRequests);
        Assert.Contains(hint, exception.Message);
    }

    [Fact]
    public async Task SynthesizeAsync_AnswerThatIsNotMp3_IsNotTaken()
    {
        _service.Answer = _ => new FakeAnswer(200, "<html>gateway</html>"u8.ToArray());

        var exception = await Assert.ThrowsAsync<SpeechSynthesisException>(() => Synthesizer().SynthesizeAsync("Hello.", CancellationToken.None));

        Assert.Contains("not an MP3", exception.Message);
    }

    private AzureSpeechSynthesizer Synthesizer(TokenCredential? credential = null, string? voice = null, TimeSpan? timeout = null) => new(
        new HttpClient(),
        credential ?? new CountingCredential(),
        Options.Create(new AudioOptions
        {
            Synthesizer = SpeechSynthesizerKind.AzureSpeech,
            SpeechEndpoint = _service.Endpoint,
            Voice = voice,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(30),
        }),
        TimeProvider.System,
        NullLogger<AzureSpeechSynthesizer>.Instance);

    /// <summary>Hands out token-1, token-2… and remembers the scopes asked for.</summary>
    private sealed class CountingCredential : TokenCredential
    {
        private int _count;

        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.AddRange(requestContext.Scopes.Except(Scopes));
            }
            return ValueTask.FromResult(new AccessToken($"token-{Interlocked.Increment(ref _count)}", DateTimeOffset.UtcNow.AddHours(1)));
        }
    }
}
