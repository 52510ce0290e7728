using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Core.Audio;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Audio;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Audio;

/// <summary>The narrator the audio trigger and timer run, against Azurite, with a synthesizer that counts its calls.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ArticleNarratorTests(AzuriteFixture azurite)
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2025-03-01T12:00:00Z"));

    // The articles container is shared by every test: names of their own.
    private readonly string _vote = $"vote-{Guid.NewGuid():N}"[..17];
    private readonly string _older = $"older-{Guid.NewGuid():N}"[..18];
    private readonly string _newer = $"newer-{Guid.NewGuid():N}"[..18];

    [Fact]
    public async Task Published_IsNarratedOnce_AndTheArticleJsonShowsIt()
    {
        var synthesizer = new CountingSynthesizer();
        await using var app = await StartAsync(synthesizer);
        await PublishAndUploadAsync(app, _vote, new ArticleFileBuilder().WithBody("The assembly voted.\n"));

        await app.Get<ArticleNarrator>().SubmitAsync(_vote + ".md", default);

        Assert.Equal(1, synthesizer.Calls);
        var audio = await ArticleAudioAsync(app, _vote);
        var url = audio.GetProperty("url").GetString()!;
        Assert.Matches($"^/api/articles/{_vote}/audio/[0-9a-f]{{64}}\\.mp3$", url);
        Assert.Equal("test-voice", audio.GetProperty("voice").GetString());
        var stored = (await Container(app).GetBlobClient($"{_vote}/{url[^68..^4]}.mp3").DownloadContentAsync()).Value.Content.ToArray();
        Assert.Equal(stored.Length, audio.GetProperty("bytes").GetInt64());
        Assert.Equal(Mp3Stream.Read(stored)!.Duration.TotalSeconds, audio.GetProperty("durationSeconds").GetDouble(), precision: 2);
    }

    [Fact]
    public async Task Republished_SameTextCorrectionOnlyOrNewTags_SynthesizeNothing_ChangedBodyOnce()
    {
        var synthesizer = new CountingSynthesizer();
        await using var app = await StartAsync(synthesizer);
        var narrator = app.Get<ArticleNarrator>();
        var file = new ArticleFileBuilder().WithBody("The assembly voted.\n");

        foreach (var version in new[]
        {
            file,
            file,
            new ArticleFileBuilder().WithBody("The assembly voted.\n").WithCorrections(("2025-02-15T10:00:00+01:00", "A note.")),
            new ArticleFileBuilder().WithBody("The assembly voted.\n").WithTags("politics"),
        })
        {
            await UploadAsync(app, _vote, version);
            await narrator.SubmitAsync(_vote + ".md", default);
        }
        Assert.Equal(1, synthesizer.Calls);

        await UploadAsync(app, _vote, new ArticleFileBuilder().WithBody("The assembly voted again.\n"));
        await narrator.SubmitAsync(_vote + ".md", default);

        Assert.Equal(2, synthesizer.Calls);
        Assert.Single(await Container(app).GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = _vote + "/" }).ToListAsync());
    }

    [Fact]
    public async Task NewVoice_NarratesAgain()
    {
        var first = new CountingSynthesizer();
        await using var app = await StartAsync(first);
        await UploadAsync(app, _vote, new ArticleFileBuilder());
        await app.Get<ArticleNarrator>().SubmitAsync(_vote + ".md", default);
        var second = new CountingSynthesizer("another-voice");
        await using var changed = await app.StartAnotherInstanceAsync(services => services.AddSingleton<ISpeechSynthesizer>(second));

        await changed.Get<ArticleNarrator>().SubmitAsync(_vote + ".md", default);

        Assert.Equal((1, 1), (first.Calls, second.Calls));
    }

    [Fact]
    public async Task SynthesisFails_ReasonRecordedAndTriedAgainWhenItsWaitIsOver()
    {
        var synthesizer = new CountingSynthesizer { Failure = "the speech service answered 503 Service Unavailable" };
        await using var app = await StartAsync(synthesizer);
        var narrator = app.Get<ArticleNarrator>();
        await PublishAndUploadAsync(app, _vote, new ArticleFileBuilder());

        await narrator.SubmitAsync(_vote + ".md", default);

        var row = await NarrationRowAsync(app, _vote);
        Assert.Equal("the speech service answered 503 Service Unavailable", row.GetString("LastError"));
        Assert.Equal(1, row.GetInt32("Attempts"));
        Assert.Equal(_time.GetUtcNow().AddMinutes(1), row.GetDateTimeOffset("RetryAt"));
        Assert.Null(await app.Get<IArticleAudio>().FindAsync(_vote, default));

        await narrator.DrainAsync(default);
        Assert.Equal(1, synthesizer.Calls);

        synthesizer.Failure = null;
        _time.Advance(TimeSpan.FromMinutes(1));
        await narrator.DrainAsync(default);

        Assert.Equal(2, synthesizer.Calls);
        Assert.NotNull(await app.Get<IArticleAudio>().FindAsync(_vote, default));
        Assert.Null((await NarrationRowAsync(app, _vote)).GetString("LastError"));
    }

    [Fact]
    public async Task SynthesisFailsAgain_WaitDoubles()
    {
        var synthesizer = new CountingSynthesizer { Failure = "down" };
        await using var app = await StartAsync(synthesizer);
        var narrator = app.Get<ArticleNarrator>();
        await UploadAsync(app, _vote, new ArticleFileBuilder());
        await narrator.SubmitAsync(_vote + ".md", default);

        _time.Advance(TimeSpan.FromMinutes(1));
        await narrator.DrainAsync(default);

        var row = await NarrationRowAsync(app, _vote);
        Assert.Equal((2, 2), (synthesizer.Calls, row.GetInt32("Attempts")));
        Assert.Equal(_time.GetUtcNow().AddMinutes(2), row.GetDateTimeOffset("RetryAt"));
    }

    [Fact]
    public async Task ChangedTextFails_TheEarlierNarrationIsTakenDown()
    {
        var synthesizer = new CountingSynthesizer();
        await using var app = await StartAsync(synthesizer);
        var narrator = app.Get<ArticleNarrator>();
        await UploadAsync(app, _vote, new ArticleFileBuilder().WithBody("First text.\n"));
        await narrator.SubmitAsync(_vote + ".md", default);

        synthesizer.Failure = "down";
        await UploadAsync(app, _vote, new ArticleFileBuilder().WithBody("Corrected text.\n"));
        await narrator.SubmitAsync(_vote + ".md", default);

        Assert.Null(await app.Get<IArticleAudio>().FindAsync(_vote, default));
        Assert.Empty(await Container(app).GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = _vote + "/" }).ToListAsync());
    }

    [Theory]
    [InlineData("retracted")]
    [InlineData("draft")]
    [InlineData("deleted")]
    public async Task TakenOffline_TheNarrationGoesWithIt(string how)
    {
        await using var app = await StartAsync(new CountingSynthesizer());
        var narrator = app.Get<ArticleNarrator>();
        await UploadAsync(app, _vote, new ArticleFileBuilder());
        await narrator.SubmitAsync(_vote + ".md", default);

        if (how == "deleted")
        {
            await app.Container(StorageOptions.ArticlesContainer).DeleteBlobAsync(_vote + ".md");
            await narrator.SubmitAsync(_vote + ".md", default);
        }
        else
        {
            await UploadAsync(app, _vote, new ArticleFileBuilder().WithStatus(how));
            await narrator.SubmitAsync(_vote + ".md", default);
        }

        Assert.Null(await app.Get<IArticleAudio>().FindAsync(_vote, default));
        Assert.Empty(await Container(app).GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = _vote + "/" }).ToListAsync());
        Assert.Empty(await app.Get<NarrationStore>().ListEpisodesAsync(50, default));
    }

    [Fact]
    public async Task AudioOff_NothingIsNarratedOrShown()
    {
        var synthesizer = new CountingSynthesizer();
        await using var app = await StartAsync(synthesizer, enabled: false);
        await UploadAsync(app, _vote, new ArticleFileBuilder());

        await app.Get<ArticleNarrator>().SubmitAsync(_vote + ".md", default);
        await app.Get<ArticleNarrator>().DrainAsync(default);

        Assert.Equal(0, synthesizer.Calls);
        Assert.Null(await app.Get<IArticleAudio>().FindAsync(_vote, default));
    }

    [Fact]
    public async Task Episodes_AreTheNarratedArticlesNewestFirst()
    {
        await using var app = await StartAsync(new CountingSynthesizer());
        var narrator = app.Get<ArticleNarrator>();
        await UploadAsync(app, _older, new ArticleFileBuilder().WithTitle("Older").WithPublished("2025-02-01T08:00:00Z"));
        await UploadAsync(app, _newer, new ArticleFileBuilder().WithTitle("Newer").WithPublished("2025-02-10T08:00:00Z"));
        await narrator.SubmitAsync(_older + ".md", default);
        await narrator.SubmitAsync(_newer + ".md", default);

        // A new publish time moves the episode without a new synthesis.
        await UploadAsync(app, _older, new ArticleFileBuilder().WithTitle("Older").WithPublished("2025-02-20T08:00:00Z"));
        await narrator.SubmitAsync(_older + ".md", default);

        Assert.Equal([_older, _newer], (await app.Get<NarrationStore>().ListEpisodesAsync(50, default)).Select(e => e.Slug));
    }

    private async Task<TestApp> StartAsync(CountingSynthesizer synthesizer, bool enabled = true)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return await TestApp.StartAsync(azurite, services => services
                .AddSingleton<ISpeechSynthesizer>(synthesizer)
                .AddSingleton<TimeProvider>(_time),
            new Dictionary<string, string?>
            {
                ["Audio:Enabled"] = enabled.ToString(),
                ["Storage:PendingFilesTable"] = "PendingFiles" + suffix,
            });
    }

    private static async Task UploadAsync(TestApp app, string slug, ArticleFileBuilder file)
    {
        var container = app.Container(StorageOptions.ArticlesContainer);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(slug + ".md").UploadAsync(new BinaryData(file.Build()), overwrite: true);
    }

    private static async Task PublishAndUploadAsync(TestApp app, string slug, ArticleFileBuilder file)
    {
        await UploadAsync(app, slug, file);
        await app.PublishAsync(slug, file);
    }

    private static async Task<JsonElement> ArticleAudioAsync(TestApp app, string slug)
    {
        var lookup = await app.Get<ArticleReader>().GetAsync(slug, default);
        Assert.Equal(ArticleLookupOutcome.Found, lookup.Outcome);
        return JsonDocument.Parse(lookup.Body!.Utf8).RootElement.GetProperty("audio");
    }

    private static BlobContainerClient Container(TestApp app) => app.Container(app.Names.AudioContainer);

    private static async Task<TableEntity> NarrationRowAsync(TestApp app, string slug) =>
        (await app.Table(names => names.NarrationsTable).GetEntityAsync<TableEntity>("article_" + slug, "narration")).Value;

    /// <summary>Silent MP3 as long as the text would take to read; counts its calls and fails while told to.</summary>
    private sealed class CountingSynthesizer(string voice = "test-voice") : ISpeechSynthesizer
    {
        private int _calls;

        public int Calls => _calls;

        public string? Failure { get; set; }

        public string Voice => voice;

        public Task<byte[]> SynthesizeAsync(string text, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Failure is { } reason
                ? Task.FromException<byte[]>(new SpeechSynthesisException(reason))
                : Task.FromResult(SilentMp3.Lasting(text.Length * 0.06));
        }
    }
}
