using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using BudapestPost.Testing;
using Xunit.Abstractions;

namespace BudapestPost.EndToEndTests;

/// <summary>
/// Articles dated ahead through the DevHost and the real worker on the real clock: invisible on every surface a
/// reader or a crawler can reach until their time, then on every one of them within a minute of it.
/// </summary>
[Collection(ScheduledAppCollection.Name)]
public sealed partial class ScheduledPublishingTests(ScheduledAppFixture app, ITestOutputHelper output)
{
    private static readonly TimeSpan GoLiveWithin = TimeSpan.FromSeconds(60);
    private readonly ArticleApi _api = new(app);

    [Fact]
    public async Task ScheduledArticle_IsOnNoSurfaceUntilItsTime_ThenOnEveryOneWithinAMinute()
    {
        var reader = $"reader-{Guid.NewGuid():N}@example.hu";
        await SubscribeAsync(reader);
        var topic = new Topic(NewWord());
        var anchor = ArticleApi.NewSlug("anchor");
        await PutAsync(anchor, topic.Article("anchor", DateTimeOffset.UtcNow.AddHours(-1)));
        var at = WholeSecond(DateTimeOffset.UtcNow.AddSeconds(90));
        var scheduled = ArticleApi.NewSlug("embargoed");

        await PutAsync(scheduled, topic.Article("embargoed", at));
        // Uploaded after it, on the same topic: once this one is everywhere, the triggers have had the scheduled file too.
        var marker = ArticleApi.NewSlug("marker");
        await PutAsync(marker, topic.Article("marker", DateTimeOffset.UtcNow));
        var markerSeen = await Eventually.Until(() => SurfacesShowingAsync(marker, anchor, topic), seen => seen.Count == Surfaces.Length, TimeSpan.FromSeconds(90));
        Assert.Equal(Surfaces, markerSeen.Order(StringComparer.Ordinal));
        await WaitForDigestAsync(reader, marker);

        Assert.Contains(scheduled, await ScheduledSlugsAsync());
        // The counts are read through the cache (up to 5 s late): the anchor's and the marker's first.
        await Eventually.Until(async () => (await CountAsync("tags", topic.Tag), await CountAsync("sections", topic.Section)), counts => counts == (2, 2));
        var checks = 0;
        do
        {
            Assert.Empty(await SurfacesShowingAsync(scheduled, anchor, topic));
            Assert.Equal(2, await CountAsync("tags", topic.Tag));
            Assert.Equal(2, await CountAsync("sections", topic.Section));
            checks++;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        while (DateTimeOffset.UtcNow < at.AddSeconds(-3));
        Assert.DoesNotContain(await app.Mail.MailToAsync(reader), mail => mail.Text.Contains(scheduled, StringComparison.Ordinal));
        output.WriteLine($"Checked every surface {checks} times before {at:u}.");

        var firstSeen = new Dictionary<string, TimeSpan>();
        await Eventually.Until(async () =>
        {
            foreach (var surface in await SurfacesShowingAsync(scheduled, anchor, topic))
            {
                firstSeen.TryAdd(surface, DateTimeOffset.UtcNow - at);
            }
            return firstSeen.Count;
        }, count => count == Surfaces.Length, at + GoLiveWithin + TimeSpan.FromSeconds(15) - DateTimeOffset.UtcNow);

        output.WriteLine(string.Join('\n', firstSeen.OrderBy(seen => seen.Value).Select(seen => $"{seen.Key}: {seen.Value.TotalSeconds:0.0} s after its time")));
        Assert.Equal(Surfaces, firstSeen.Keys.Order(StringComparer.Ordinal));
        Assert.All(firstSeen, seen => Assert.InRange(seen.Value, TimeSpan.Zero, GoLiveWithin));
        Assert.Equal((3, 3), await Eventually.Until(
            async () => (await CountAsync("tags", topic.Tag), await CountAsync("sections", topic.Section)), counts => counts == (3, 3), TimeSpan.FromSeconds(10)));
        var change = Assert.Single(await ChangesAsync(), c => c.Slug == scheduled);
        Assert.Equal("published", change.Change);
        Assert.True(change.At >= at, $"The change is dated {change.At:O}, before its time {at:O}.");
        var digest = await WaitForDigestAsync(reader, scheduled);
        output.WriteLine($"Digest with it: {digest.Message.Date - at}");
        Assert.DoesNotContain(scheduled, await ScheduledSlugsAsync());
    }

    [Fact]
    public async Task AppStoppedAcrossItsTime_PublishesItWithinAMinuteOfTheStart()
    {
        // The timer has run and recorded its next tick, as it does every minute.
        var timers = app.Storage.BlobService.GetBlobContainerClient("azure-webjobs-hosts");
        await Eventually.Until(async () => await timers.ExistsAsync() &&
            await timers.GetBlobsAsync(BlobTraits.None, BlobStates.None, "timers/", default).AnyAsync(blob => blob.Name.EndsWith(".PublishScheduledArticles/status", StringComparison.Ordinal)),
            found => found, TimeSpan.FromSeconds(75));
        // Past the next minute's tick, so that tick is missed while the app is down and runs past due at the start.
        var now = DateTimeOffset.UtcNow;
        var tick = WholeSecond(now.AddSeconds(30 + 60 - now.AddSeconds(30).Second));
        var at = tick.AddSeconds(5);
        var slug = ArticleApi.NewSlug("overnight");
        await PutAsync(slug, new Topic(NewWord()).Article("overnight", at));
        await Eventually.Until(ScheduledSlugsAsync, slugs => slugs.Contains(slug));

        await app.RestartAsync(startAt: at.AddSeconds(5));
        var started = Stopwatch.StartNew();
        var listed = await Eventually.Until(_api.ListSlugsAsync, slugs => slugs.Contains(slug), GoLiveWithin);

        output.WriteLine($"Live {started.Elapsed.TotalSeconds:0.0} s after the DevHost was running again.");
        Assert.Contains(slug, listed);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync(slug)).Status);
        Assert.Contains(app.Host.Output, line => line.Contains("Scheduled publishing runs late", StringComparison.Ordinal));
    }

    /// <summary>Every surface <see cref="SurfacesShowingAsync"/> checks, in order.</summary>
    private static readonly string[] Surfaces =
    [
        "article", "atom", "change feed", "feed.json", "listing", "news sitemap", "podcast", "related endpoint", "related lists",
        "rss", "search", "section feed", "section listing", "site article page", "site front page", "site related list",
        "site search page", "site section page", "site tag page", "sitemap", "suggestions", "tag feed", "tag listing",
    ];

    /// <summary>Where <paramref name="slug"/> shows, as readers' apps and crawlers read the API and readers the website.</summary>
    private async Task<List<string>> SurfacesShowingAsync(string slug, string anchor, Topic topic)
    {
        var showing = new List<string>();
        void Check(string surface, bool shows)
        {
            if (shows)
            {
                showing.Add(surface);
            }
        }
        Check("article", await StatusAsync($"api/articles/{slug}") == HttpStatusCode.OK);
        Check("related endpoint", await StatusAsync($"api/articles/{slug}/related") == HttpStatusCode.OK);
        Check("listing", (await ItemSlugsAsync("api/articles?limit=100")).Contains(slug));
        Check("tag listing", (await ItemSlugsAsync($"api/articles?tag={topic.Tag}")).Contains(slug));
        Check("section listing", (await ItemSlugsAsync($"api/articles?section={topic.Section}")).Contains(slug));
        Check("rss", (await TextAsync("api/feeds/rss.xml")).Contains(slug, StringComparison.Ordinal));
        Check("atom", (await TextAsync("api/feeds/atom.xml")).Contains(slug, StringComparison.Ordinal));
        Check("feed.json", (await TextAsync("api/feeds/feed.json")).Contains(slug, StringComparison.Ordinal));
        Check("tag feed", (await TextAsync($"api/feeds/tags/{topic.Tag}/rss.xml")).Contains(slug, StringComparison.Ordinal));
        Check("section feed", (await TextAsync($"api/feeds/sections/{topic.Section}/rss.xml")).Contains(slug, StringComparison.Ordinal));
        Check("sitemap", await InSitemapsAsync(slug));
        Check("news sitemap", (await TextAsync("api/sitemaps/news.xml")).Contains(slug, StringComparison.Ordinal));
        Check("search", (await ItemSlugsAsync($"api/search?q={topic.Word}&limit=50")).Contains(slug));
        Check("suggestions", (await ItemSlugsAsync($"api/search/suggest?q={topic.Word[..6]}")).Contains(slug));
        Check("related lists", slug != anchor && (await ItemSlugsAsync($"api/articles/{anchor}/related")).Contains(slug));
        Check("change feed", (await ChangesAsync()).Any(change => change.Slug == slug));
        Check("podcast", (await TextAsync("api/feeds/audio.xml")).Contains(slug, StringComparison.Ordinal));
        var link = $"href=\"/articles/{slug}\"";
        Check("site article page", await StatusAsync($"articles/{slug}") == HttpStatusCode.OK);
        Check("site front page", (await TextAsync("")).Contains(link, StringComparison.Ordinal));
        Check("site section page", (await TextAsync($"sections/{topic.Section}")).Contains(link, StringComparison.Ordinal));
        Check("site tag page", (await TextAsync($"tags/{topic.Tag}")).Contains(link, StringComparison.Ordinal));
        Check("site search page", (await TextAsync($"search?q={topic.Word}")).Contains(link, StringComparison.Ordinal));
        Check("site related list", slug != anchor && (await TextAsync($"articles/{anchor}")).Contains(link, StringComparison.Ordinal));
        return showing;
    }

    private async Task<bool> InSitemapsAsync(string slug)
    {
        foreach (Match month in SitemapFile().Matches(await TextAsync("api/sitemaps/index.xml")))
        {
            if ((await TextAsync("api/sitemaps/" + month.Groups[1].Value)).Contains(slug, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex(@"/sitemaps/(\d{4}-\d{2}(?:-\d+)?\.xml)")]
    private static partial Regex SitemapFile();

    private async Task<HttpStatusCode> StatusAsync(string path) => (await app.Client.GetAsync(path)).StatusCode;

    private async Task<string> TextAsync(string path)
    {
        var response = await app.Client.GetAsync(path);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : "";
    }

    private async Task<List<string>> ItemSlugsAsync(string path)
    {
        var response = await app.Client.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("slug").GetString()!).ToList();
    }

    private async Task<int> CountAsync(string taxonomy, string name)
    {
        var list = await app.Client.GetFromJsonAsync<JsonElement>("api/" + taxonomy);
        return list.GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("name").GetString() == name).Select(item => item.GetProperty("count").GetInt32()).SingleOrDefault();
    }

    private async Task<List<(string Slug, string Change, DateTimeOffset At)>> ChangesAsync()
    {
        var page = await app.Client.GetFromJsonAsync<JsonElement>("api/changes?limit=100");
        return page.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("slug").GetString()!, c.GetProperty("change").GetString()!, c.GetProperty("at").GetDateTimeOffset())).ToList();
    }

    private async Task<List<string>> ScheduledSlugsAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/scheduled");
        var response = await (await app.Host.EditorAsync()).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("slug").GetString()!).ToList();
    }

    private async Task PutAsync(string slug, ArticleFileBuilder file) =>
        Assert.Equal(HttpStatusCode.Accepted, (await _api.PutAsync(slug, file)).StatusCode);

    /// <summary>
    /// Signs up and presses the button of the confirm page the email links to (on this host; the mail names the
    /// configured one).
    /// </summary>
    private async Task SubscribeAsync(string email)
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.Client.PostAsJsonAsync("api/newsletter/subscriptions", new { email })).StatusCode);
        var confirmation = (await app.Mail.WaitForMailToAsync(email)).Single();
        var token = ConfirmationToken().Match(confirmation.Text).Groups[1].Value;
        Assert.NotEmpty(token);
        using var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.Client.BaseAddress };
        var pressed = await noRedirects.PostAsync("newsletter/confirm", new FormUrlEncodedContent([new KeyValuePair<string, string>("token", token)]));
        Assert.Equal(HttpStatusCode.SeeOther, pressed.StatusCode);
        Assert.EndsWith("/newsletter/confirmed", pressed.Headers.Location!.ToString());
    }

    [GeneratedRegex(@"/newsletter/confirm\?token=([A-Za-z0-9_-]+)")]
    private static partial Regex ConfirmationToken();

    private async Task<ReceivedMail> WaitForDigestAsync(string email, string slug)
    {
        var mails = await Eventually.Until(() => app.Mail.MailToAsync(email),
            m => m.Any(mail => mail.Text.Contains(slug, StringComparison.Ordinal)), GoLiveWithin);
        return Assert.Single(mails, mail => mail.Text.Contains(slug, StringComparison.Ordinal));
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());

    /// <summary>A made-up word no other article has: search, suggestions and related lists find the topic by it.</summary>
    private static string NewWord() =>
        "zq" + string.Concat(Guid.NewGuid().ToByteArray().Take(8).Select(b => (char)('a' + b % 26)));

    private sealed record Topic(string Word)
    {
        public string Tag => "t" + Word;
        public string Section => "s" + Word;

        public ArticleFileBuilder Article(string kind, DateTimeOffset published) => new ArticleFileBuilder()
            .WithTitle($"{Word} budget vote {kind}")
            .WithLead($"Parliament votes on the {Word} budget.")
            .WithTags(Tag)
            .WithSection(Section)
            .WithPublished(published.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture))
            .WithBody($"The {Word} budget passed its first reading.\n\n## The {Word} vote\n\nDeputies voted on the {Word} figures late at night.\n");
    }
}
