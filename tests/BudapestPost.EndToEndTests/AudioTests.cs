using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using BudapestPost.Core.Audio;
using BudapestPost.Testing;
using CodeHollow.FeedReader;
using Xunit.Abstractions;

namespace BudapestPost.EndToEndTests;

/// <summary>Narration through the DevHost with the local synthesizer (espeak-ng and lame): real audio, real storage.</summary>
[Collection(FunctionAppCollection.Name)]
public sealed class AudioTests(FunctionAppFixture app, ITestOutputHelper output)
{
    private const string SeedSample = "not-an-enemy-any-more-why-russia-is-courting-the-taliban";

    private readonly ArticleApi _articles = new(app);
    private readonly AudioApi _audio = new(app.Client, app.Storage, () => app.Host.Output);

    [Fact]
    public async Task SeedArticle_IsNarratedAsMp3OfItsSpeechLength_ThatChromiumLoads()
    {
        var slug = ArticleApi.NewSlug("seed-audio");
        var file = await File.ReadAllBytesAsync(SamplePath(SeedSample));
        var watch = Stopwatch.StartNew();

        await UploadAsync(slug, file);
        var audio = await _audio.WaitForAudioAsync(slug);
        var elapsed = watch.Elapsed;

        // The time is reported, not asserted: it measures the machine as much as the code (docs/audio.md).
        output.WriteLine($"Publish to audio for the seed article: {elapsed.TotalSeconds:F1} s");
        var mp3 = await app.Client.GetByteArrayAsync(audio.GetProperty("url").GetString());
        var info = Mp3Stream.Read(mp3);
        Assert.NotNull(info);
        Assert.Equal(mp3.Length, audio.GetProperty("bytes").GetInt64());
        Assert.Equal("audio/mpeg", audio.GetProperty("mimeType").GetString());
        Assert.Equal("espeak-ng:en-gb", audio.GetProperty("voice").GetString());
        Assert.Equal(info.Duration.TotalSeconds, audio.GetProperty("durationSeconds").GetDouble(), precision: 2);
        // espeak-ng reads about 175 words a minute.
        var words = SpokenWords(file);
        var expected = words / 175.0 * 60;
        output.WriteLine($"{words} words, {info.Duration.TotalSeconds:F1} s of audio (expected about {expected:F0} s), {mp3.Length} bytes");
        Assert.InRange(info.Duration.TotalSeconds, expected * 0.7, expected * 1.4);

        // The player as an article page has it, in Chromium: it loads the file and reads its duration.
        var played = await PlayInChromiumAsync(new Uri(app.Client.BaseAddress!, audio.GetProperty("url").GetString()).AbsoluteUri);
        output.WriteLine($"Chromium: {played}");
        var loaded = Regex.Match(played, @"^duration=(?<seconds>[0-9.]+)$");
        Assert.True(loaded.Success, $"Chromium did not load the audio: {played}");
        Assert.Equal(info.Duration.TotalSeconds, double.Parse(loaded.Groups["seconds"].Value, CultureInfo.InvariantCulture), 0.5);
    }

    [Fact]
    public async Task AudioUrl_ServesRangesHeadAndConditionalRequests_CacheableForGood()
    {
        var (slug, url) = await NarratedAsync("ranges");
        var whole = await app.Client.GetByteArrayAsync(url);

        var range = await SendAsync(HttpMethod.Get, url, request => request.Headers.Range = new RangeHeaderValue(1000, 1999));
        Assert.Equal(HttpStatusCode.PartialContent, range.StatusCode);
        Assert.Equal(whole[1000..2000], await range.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 1000-1999/{whole.Length}", range.Content.Headers.ContentRange?.ToString());

        // Seeks as a player makes them: from a point to the end, and the last bytes.
        var tail = await SendAsync(HttpMethod.Get, url, request => request.Headers.Range = new RangeHeaderValue(5000, null));
        Assert.Equal(whole[5000..], await tail.Content.ReadAsByteArrayAsync());
        var last = await SendAsync(HttpMethod.Get, url, request => request.Headers.Range = new RangeHeaderValue(null, 500));
        Assert.Equal(whole[^500..], await last.Content.ReadAsByteArrayAsync());

        var head = await SendAsync(HttpMethod.Head, url);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(whole.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes", string.Join(",", head.Headers.AcceptRanges));
        Assert.Equal("public, max-age=31536000, immutable", head.Headers.CacheControl?.ToString());
        var etag = head.Headers.ETag!;
        Assert.False(etag.IsWeak);

        var sameVersion = await SendAsync(HttpMethod.Get, url, request =>
        {
            request.Headers.Range = new RangeHeaderValue(0, 99);
            request.Headers.IfRange = new RangeConditionHeaderValue(etag);
        });
        Assert.Equal(HttpStatusCode.PartialContent, sameVersion.StatusCode);
        var otherVersion = await SendAsync(HttpMethod.Get, url, request =>
        {
            request.Headers.Range = new RangeHeaderValue(0, 99);
            request.Headers.IfRange = new RangeConditionHeaderValue(new EntityTagHeaderValue("\"other\""));
        });
        Assert.Equal(HttpStatusCode.OK, otherVersion.StatusCode);
        Assert.Equal(whole.Length, (await otherVersion.Content.ReadAsByteArrayAsync()).Length);
        var notModified = await SendAsync(HttpMethod.Get, url, request => request.Headers.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        var beyond = await SendAsync(HttpMethod.Get, url, request => request.Headers.Range = new RangeHeaderValue(whole.Length + 10, null));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, beyond.StatusCode);

        // Storage stays private: the container cannot be read anonymously.
        var access = await _audio.AudioContainer.GetAccessPolicyAsync();
        Assert.Equal(Azure.Storage.Blobs.Models.PublicAccessType.None, access.Value.BlobPublicAccess);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"api/articles/{slug}/audio/{new string('0', 64)}.mp3")).StatusCode);
    }

    [Fact]
    public async Task Republish_SameTextAndCorrectionOnly_SynthesizeNothing_ChangedBodyOnce()
    {
        var slug = ArticleApi.NewSlug("audio-count");
        var article = new ArticleFileBuilder().WithBody("The council met on Monday.\n\n## The vote\n\nIt passed by one vote.");
        await _articles.UploadAsync(slug, article);
        var first = await _audio.WaitForAudioAsync(slug);
        await _audio.WaitUntilHandledAsync(slug, uploads: 1);
        Assert.Equal(1, _audio.Syntheses(slug));

        await _articles.UploadAsync(slug, article);
        await _audio.WaitUntilHandledAsync(slug, uploads: 2);
        Assert.Equal(1, _audio.Syntheses(slug));

        await _articles.UploadAsync(slug, article.WithCorrections(("2025-02-15T10:00:00+01:00", "An earlier version misnamed the council.")));
        await _audio.WaitUntilHandledAsync(slug, uploads: 3);
        Assert.Equal(1, _audio.Syntheses(slug));
        Assert.Equal(first.GetProperty("url").GetString(), (await _audio.AudioAsync(slug))?.GetProperty("url").GetString());

        await _articles.UploadAsync(slug, article.WithBody("The council met on Tuesday.\n\n## The vote\n\nIt passed by one vote."));
        var changed = await _audio.WaitForAudioAsync(slug, audio => audio.GetProperty("url").GetString() != first.GetProperty("url").GetString());
        await _audio.WaitUntilHandledAsync(slug, uploads: 4);
        Assert.Equal(2, _audio.Syntheses(slug));
        // The earlier narration is gone with the text it read.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync(first.GetProperty("url").GetString())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync(changed.GetProperty("url").GetString())).StatusCode);
    }

    [Fact]
    public async Task RetractionAndDeletion_TakeTheAudioDown()
    {
        var (retracted, retractedUrl) = await NarratedAsync("audio-retract");
        var (deleted, deletedUrl) = await NarratedAsync("audio-delete");

        await _articles.UploadAsync(retracted, new ArticleFileBuilder().WithTitle(retracted).WithStatus("retracted"));
        await app.Storage.BlobService.GetBlobContainerClient("articles").DeleteBlobAsync(deleted + ".md");
        await DeliverDeletionAsync(deleted);

        await Eventually.Until(async () => (await app.Client.GetAsync(retractedUrl)).StatusCode, status => status == HttpStatusCode.Gone);
        await Eventually.Until(async () => (await app.Client.GetAsync(deletedUrl)).StatusCode, status => status == HttpStatusCode.NotFound);
        await Eventually.Until(async () => await _audio.AudioContainer.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = retracted + "/" }).AnyAsync()
            || await _audio.AudioContainer.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = deleted + "/" }).AnyAsync(), any => !any,
            AudioApi.NarrationTimeout);
        Assert.Null(await _audio.NarrationRowAsync(retracted));
        Assert.Null(await _audio.NarrationRowAsync(deleted));
        var feed = FeedReader.ReadFromByteArray(await app.Client.GetByteArrayAsync("api/feeds/audio.xml"));
        Assert.DoesNotContain(feed.Items, item => item.Id == retracted || item.Id == deleted);
    }

    [Fact]
    public async Task PodcastFeed_ParsesWithEnclosuresMatchingTheFiles()
    {
        var (slug, url) = await NarratedAsync("podcast");

        var response = await app.Client.GetAsync("api/feeds/audio.xml");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var feed = FeedReader.ReadFromByteArray(bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(FeedType.Rss_2_0, feed.Type);
        Assert.InRange(feed.Items.Count, 1, 50);
        var rss = (CodeHollow.FeedReader.Feeds.Rss20Feed)feed.SpecificFeed;
        foreach (var item in rss.Items.Cast<CodeHollow.FeedReader.Feeds.Rss20FeedItem>())
        {
            // The enclosure is absolute on Feeds__PublicApiUrl (the default local address); this DevHost has its own port.
            var file = await SendAsync(HttpMethod.Head, new Uri(item.Enclosure.Url).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal(file.Content.Headers.ContentLength, item.Enclosure.Length);
            Assert.Equal("audio/mpeg", item.Enclosure.MediaType);
        }
        Assert.Contains(rss.Items, item => ((CodeHollow.FeedReader.Feeds.Rss20FeedItem)item).Guid == slug && ((CodeHollow.FeedReader.Feeds.Rss20FeedItem)item).Enclosure.Url.EndsWith(url, StringComparison.Ordinal));
        var again = await SendAsync(HttpMethod.Get, "api/feeds/audio.xml", request => request.Headers.IfNoneMatch.Add(response.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task Samples_UploadedAtOnce_AllGetAudioWithoutPoison()
    {
        var samples = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "samples", "articles"), "*.md");
        var prefix = "bulk" + Guid.NewGuid().ToString("N")[..6];
        var slugs = samples.Select((_, i) => $"{prefix}-{i}").ToArray();
        var watch = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, samples.Length), async (i, _) => await UploadAsync(slugs[i], await File.ReadAllBytesAsync(samples[i])));
        var narrated = await Eventually.Until(
            async () => (await Task.WhenAll(slugs.Select(slug => _audio.AudioAsync(slug)))).Count(audio => audio is not null),
            count => count == slugs.Length, TimeSpan.FromMinutes(6));

        output.WriteLine($"{slugs.Length} samples uploaded at once: all narrated {watch.Elapsed.TotalSeconds:F1} s after the first upload");
        Assert.Equal(51, narrated);
        Assert.Equal(0, await _audio.PoisonMessagesAsync());
    }

    private async Task<(string Slug, string Url)> NarratedAsync(string prefix)
    {
        var slug = ArticleApi.NewSlug(prefix);
        await _articles.UploadAsync(slug, new ArticleFileBuilder().WithTitle($"Narrated {slug}")
            .WithBody(string.Join("\n\n", Enumerable.Repeat("The assembly debated the budget for several hours before the vote.", 4))));
        var audio = await _audio.WaitForAudioAsync(slug);
        return (slug, audio.GetProperty("url").GetString()!);
    }

    private async Task UploadAsync(string slug, byte[] file)
    {
        var container = app.Storage.BlobService.GetBlobContainerClient("articles");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(slug + ".md").UploadAsync(new BinaryData(file), overwrite: true);
    }

    private async Task DeliverDeletionAsync(string slug)
    {
        var events = JsonSerializer.Serialize(new[]
        {
            new
            {
                id = Guid.NewGuid().ToString(), eventType = "Microsoft.Storage.BlobDeleted", dataVersion = "1", eventTime = DateTimeOffset.UtcNow,
                subject = $"/blobServices/default/containers/articles/blobs/{slug}.md", data = new { url = $"http://127.0.0.1/devstoreaccount1/articles/{slug}.md" },
            },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/admin/article-events") { Content = new StringContent(events, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("x-functions-key", FunctionAppFixture.EventGridKey);
        request.Headers.Add("aeg-event-type", "Notification");
        var response = await app.Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"article-events answered {response.StatusCode}");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, url);
        configure?.Invoke(request);
        return await app.Client.SendAsync(request);
    }

    /// <summary>
    /// Loads <paramref name="url"/> in headless Chromium (Debian's) through the article page's player,
    /// <c>&lt;audio controls preload="none"&gt;</c>, as pressing play starts it, and returns what the element reported:
    /// <c>duration=…</c>, or <c>error=…</c>.
    /// </summary>
    private static async Task<string> PlayInChromiumAsync(string url)
    {
        var executable = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM") ?? "/usr/bin/chromium";
        Assert.True(File.Exists(executable), $"Chromium is not installed at {executable}: run ./test.sh (it installs Debian's chromium), or set PLAYWRIGHT_CHROMIUM.");
        var folder = Directory.CreateTempSubdirectory("audio-chromium-");
        try
        {
            var page = Path.Combine(folder.FullName, "player.html");
            await File.WriteAllTextAsync(page, $$"""
                <!doctype html>
                <html lang="en"><title>Player</title>
                <audio controls preload="none" src="{{WebUtility.HtmlEncode(url)}}"></audio>
                <output id="result">nothing loaded</output>
                <script>
                  const audio = document.querySelector('audio'), result = document.getElementById('result');
                  audio.addEventListener('loadedmetadata', () => result.textContent = 'duration=' + audio.duration);
                  audio.addEventListener('error', () => result.textContent = 'error=' + audio.error.code + ' ' + audio.error.message);
                  audio.preload = 'metadata';
                </script>
                """);
            using var chromium = Process.Start(new ProcessStartInfo(executable,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", "--virtual-time-budget=10000", "--dump-dom",
                new Uri(page).AbsoluteUri,
            ]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            _ = chromium.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            string dom;
            try
            {
                dom = await chromium.StandardOutput.ReadToEndAsync(timeout.Token);
                await chromium.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                chromium.Kill(entireProcessTree: true);
                return "Chromium did not finish within 2 minutes";
            }
            var output = Regex.Match(dom, "<output id=\"result\">(?<text>[^<]*)</output>");
            return output.Success ? WebUtility.HtmlDecode(output.Groups["text"].Value) : $"no page in Chromium's output: {dom}";
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string SamplePath(string slug) => Path.Combine(RepositoryRoot.Path, "samples", "articles", slug + ".md");

    private static int SpokenWords(byte[] file)
    {
        var article = Core.Articles.ArticleParser.Parse("seed.md", file).Value;
        return SpokenText.Of(article!).Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
    }
}
