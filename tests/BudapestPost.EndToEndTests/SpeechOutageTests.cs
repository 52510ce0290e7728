using System.Net;
using BudapestPost.Testing;
using Xunit.Abstractions;

namespace BudapestPost.EndToEndTests;

/// <summary>
/// The app narrating with Azure AI Speech's REST client against a loopback stand-in of the service, signed in
/// through a stand-in of the platform's managed identity endpoint; the timer ticks every 2 s.
/// </summary>
public sealed class SpeechOutageAppFixture : FunctionAppFixture
{
    public FakeSpeechService Speech { get; } = new();

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Audio__Synthesizer"] = "AzureSpeech",
        ["Audio__SpeechEndpoint"] = Speech.Endpoint.AbsoluteUri,
        ["Audio__Voice"] = "en-GB-RyanNeural",
        ["Audio__ClientId"] = "11111111-2222-3333-4444-555555555555",
        ["Audio__RequestTimeout"] = "00:00:02",
        ["Audio__RetryDelay"] = "00:00:01",
        ["AudioTimerSchedule"] = "*/2 * * * * *",
        // How App Service and Functions hand a managed identity's tokens to the app.
        ["IDENTITY_ENDPOINT"] = Speech.IdentityEndpoint,
        ["IDENTITY_HEADER"] = FakeSpeechService.IdentityHeader,
    };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Speech.DisposeAsync();
    }
}

public sealed class SpeechOutageTests(SpeechOutageAppFixture app, ITestOutputHelper output) : IClassFixture<SpeechOutageAppFixture>
{
    private readonly ArticleApi _articles = new(app);
    private readonly AudioApi _audio = new(app.Client, app.Storage, () => app.Host.Output);

    [Fact]
    public async Task SynthesizerDown_ArticlesPublishAndServe_AudioArrivesAfterItRecovers_NothingPoisoned()
    {
        var calls = 0;
        app.Speech.Answer = request => (Interlocked.Increment(ref calls) % 3) switch
        {
            0 => new FakeAnswer(503, RetryAfter: "1"),
            1 => new FakeAnswer(429, RetryAfter: "1"),
            _ => FakeSpeechService.Success(request) with { Delay = TimeSpan.FromSeconds(4) },   // longer than the 2 s timeout
        };
        var slugs = Enumerable.Range(0, 3).Select(_ => ArticleApi.NewSlug("outage")).ToArray();

        foreach (var slug in slugs)
        {
            await _articles.UploadAsync(slug, new ArticleFileBuilder().WithTitle($"Outage {slug}"));
        }
        foreach (var slug in slugs)
        {
            await _articles.WaitUntilListedAsync(slug);
            Assert.Equal(HttpStatusCode.OK, (await _articles.GetAsync(slug)).Status);
        }
        var reasons = await Eventually.Until(
            async () => await Task.WhenAll(slugs.Select(async slug => (await _audio.NarrationRowAsync(slug))?.GetString("LastError"))),
            errors => errors.All(error => error is not null), AudioApi.NarrationTimeout);
        output.WriteLine(string.Join(Environment.NewLine, reasons));
        Assert.All(reasons, reason => Assert.Matches("503|429|did not answer", reason));
        Assert.All(await Task.WhenAll(slugs.Select(_audio.AudioAsync)), Assert.Null);
        Assert.Equal(0, await _audio.PoisonMessagesAsync());

        app.Speech.Answer = FakeSpeechService.Success;

        foreach (var slug in slugs)
        {
            var audio = await _audio.WaitForAudioAsync(slug);
            Assert.Equal("en-GB-RyanNeural", audio.GetProperty("voice").GetString());
            Assert.Null((await _audio.NarrationRowAsync(slug))?.GetString("LastError"));
        }
        Assert.Equal(0, await _audio.PoisonMessagesAsync());
        var token = Assert.Single(app.Speech.TokenRequests.DistinctBy(request => request["resource"]));
        Assert.Equal("https://cognitiveservices.azure.com", token["resource"]);
        Assert.Equal(FakeSpeechService.IdentityHeader, token["X-IDENTITY-HEADER"]);
        Assert.Equal("11111111-2222-3333-4444-555555555555", token["client_id"]);
        Assert.All(app.Speech.SynthesisRequests, request => Assert.StartsWith("Bearer fake-token-", request.Headers["Authorization"]));
    }

    [Fact]
    public async Task RenderAll_RecordsEveryArticle_SynthesizesOnlyWhatIsMissing()
    {
        app.Speech.Answer = FakeSpeechService.Success;
        var narrated = ArticleApi.NewSlug("render-all");
        await _articles.UploadAsync(narrated, new ArticleFileBuilder().WithTitle($"Narrated {narrated}"));
        await _audio.WaitForAudioAsync(narrated);

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/admin/audio/render");
        var response = await (await app.Host.AdminAsync()).SendAsync(request);
        var accepted = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.JsonElement>(response.Content);
        await _audio.WaitUntilHandledAsync(narrated, uploads: 1);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.True(accepted.GetProperty("articles").GetInt32() >= 1);
        // Recorded again and passed over: its narration is of the same text in the same voice, so one synthesis in all.
        Assert.Single(app.Speech.SynthesisRequests, r => r.Body.Contains($"Narrated {narrated}", StringComparison.Ordinal));
    }
}
