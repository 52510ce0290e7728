using System.Globalization;
using System.Text.Json;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Changes;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Scheduling;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Scheduling;

/// <summary>
/// Versions dated ahead against real storage: uploaded as the PUT API stores them and published by the blob
/// trigger, then the schedule's tick run with the clock moved past their time.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScheduledPublishingTests(AzuriteFixture azurite)
{
    // Storage dates the uploads by the real clock; the app's clock starts there (on a whole second, as the files
    // give times) and is moved by hand.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));

    [Fact]
    public async Task FutureVersion_IsNowhereLiveUntilItsTime_ThenGoesLiveWithOnePublishedChange()
    {
        await using var app = await StartAsync();
        var at = _time.GetUtcNow().AddHours(1);

        await UploadAsync(app, "embargoed", Article("Budget figures", at));

        await AssertNotLiveAsync(app, "embargoed");
        Assert.Equal([("embargoed", "Budget figures", at)], await ScheduledAsync(app));

        _time.Advance(TimeSpan.FromHours(1));
        await app.Get<ScheduledPublishing>().PublishDueAsync(default);

        Assert.Equal(200, (await GetArticleAsync(app, "embargoed")).Status);
        Assert.Contains("embargoed", await ListingAsync(app));
        Assert.Contains("<guid isPermaLink=\"false\">embargoed</guid>", await RssAsync(app));
        Assert.Equal([("embargoed", "published")], await ChangesAsync(app));
        Assert.Empty(await ScheduledAsync(app));
    }

    [Fact]
    public async Task Rescheduled_GoesLiveAtTheNewTimeOnly()
    {
        await using var app = await StartAsync();
        var first = _time.GetUtcNow().AddHours(1);
        var second = _time.GetUtcNow().AddHours(2);
        await UploadAsync(app, "moved", Article("Moved", first));

        await UploadAsync(app, "moved", Article("Moved", second));

        await AssertNotLiveAsync(app, "moved");
        Assert.Equal([("moved", "Moved", second)], await ScheduledAsync(app));
        _time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await app.Get<ScheduledPublishing>().PublishDueAsync(default);
        await AssertNotLiveAsync(app, "moved");

        _time.Advance(TimeSpan.FromHours(1));
        await app.Get<ScheduledPublishing>().PublishDueAsync(default);
        Assert.Equal(200, (await GetArticleAsync(app, "moved")).Status);
        Assert.Equal([("moved", "published")], await ChangesAsync(app));
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("retracted")]
    public async Task Cancelled_ByStatus_NeverGoesLiveAndLeavesNoChange(string status)
    {
        await using var app = await StartAsync();
        var at = _time.GetUtcNow().AddHours(1);
        await UploadAsync(app, "cancelled", Article("Cancelled", at));

        await UploadAsync(app, "cancelled", Article("Cancelled", at).WithStatus(status));

        Assert.Empty(await ScheduledAsync(app));
        _time.Advance(TimeSpan.FromHours(2));
        await app.Get<ScheduledPublishing>().PublishDueAsync(default);
        await AssertNotLiveAsync(app, "cancelled");
    }

    [Fact]
    public async Task Cancelled_ByDeletingTheFile_LeavesTheScheduleWhenTheEventArrives()
    {
        await using var app = await StartAsync();
        await UploadAsync(app, "deleted", Article("Deleted", _time.GetUtcNow().AddHours(1)));

        await app.Container("articles").DeleteBlobAsync("deleted.md");
        await app.Get<DeletedArticleFiles>().ApplyAsync(["deleted.md"], default);

        Assert.Empty(await ScheduledAsync(app));
        await AssertNotLiveAsync(app, "deleted");
    }

    [Fact]
    public async Task Cancelled_ByDeletingTheFile_IsNotPublishedAtItsTimeEvenWithoutTheEvent()
    {
        await using var app = await StartAsync();
        await UploadAsync(app, "deleted-quietly", Article("Deleted", _time.GetUtcNow().AddHours(1)));
        await app.Container("articles").DeleteBlobAsync("deleted-quietly.md");

        _time.Advance(TimeSpan.FromHours(2));
        await app.Get<ScheduledPublishing>().PublishDueAsync(default);

        Assert.Empty(await ScheduledAsync(app));
        await AssertNotLiveAsync(app, "deleted-quietly");
    }

    [Fact]
    public async Task MovedIntoThePast_PublishesAtOnce()
    {
        await using var app = await StartAsync();
        await UploadAsync(app, "brought-forward", Article("Brought forward", _time.GetUtcNow().AddHours(1)));

        await UploadAsync(app, "brought-forward", Article("Brought forward", _time.GetUtcNow().AddMinutes(-5)));

        Assert.Equal(200, (await GetArticleAsync(app, "brought-forward")).Status);
        Assert.Contains("brought-forward", await ListingAsync(app));
        Assert.Equal([("brought-forward", "published")], await ChangesAsync(app));
        Assert.Empty(await ScheduledAsync(app));
    }

    [Fact]
    public async Task LiveArticle_ReuploadedWithALaterPublished_StaysAsItWasUntilThen()
    {
        await using var app = await StartAsync();
        await UploadAsync(app, "running-story", Article("First version", _time.GetUtcNow().AddHours(-1)));
        var later = _time.GetUtcNow().AddHours(1);

        await UploadAsync(app, "running-story", Article("Prepared update", later));

        Assert.Equal("First version", (await GetArticleAsync(app, "running-story")).Json.GetProperty("title").GetString());
        Assert.Equal([("running-story", "published")], await ChangesAsync(app));
        Assert.Equal([("running-story", "Prepared update", later)], await ScheduledAsync(app));

        _time.Advance(TimeSpan.FromHours(1));
        await app.Get<ScheduledPublishing>().PublishDueAsync(default);
        Assert.Equal("Prepared update", (await GetArticleAsync(app, "running-story")).Json.GetProperty("title").GetString());
        Assert.Equal([("running-story", "published"), ("running-story", "updated")], await ChangesAsync(app));
    }

    [Fact]
    public async Task DueWithAnInvalidFile_IsRejectedAndLeavesTheSchedule()
    {
        await using var app = await StartAsync();
        await UploadAsync(app, "broken", Article("Broken", _time.GetUtcNow().AddHours(1)));
        await app.Container("articles").GetBlobClient("broken.md").UploadAsync(
            BinaryData.FromBytes(Article("Broken", _time.GetUtcNow().AddHours(1)).Without("title").Build()), overwrite: true);

        _time.Advance(TimeSpan.FromHours(2));
        await app.Get<ScheduledPublishing>().PublishDueAsync(default);

        Assert.Empty(await ScheduledAsync(app));
        await AssertNotLiveAsync(app, "broken");
    }

    [Fact]
    public async Task ListScheduled_PagesSoonestFirst()
    {
        await using var app = await StartAsync();
        var now = _time.GetUtcNow();
        await UploadAsync(app, "third", Article("Third", now.AddHours(3)));
        await UploadAsync(app, "first", Article("First", now.AddHours(1)));
        await UploadAsync(app, "second", Article("Second", now.AddHours(2)));

        var page = await ListScheduledAsync(app, "limit=2");
        var next = await ListScheduledAsync(app, "limit=2&continuation=" + Uri.EscapeDataString(page.Json.GetProperty("continuation").GetString()!));

        Assert.Equal(["first", "second"], Slugs(page));
        Assert.Equal(["third"], Slugs(next));
        Assert.Equal(400, (await ListScheduledAsync(app, "limit=0")).Status);
        Assert.Equal(400, (await ListScheduledAsync(app, "continuation=garbage")).Status);
    }

    private Task<TestApp> StartAsync() =>
        TestApp.StartAsync(azurite, services => services.AddSingleton<TimeProvider>(_time));

    private static ArticleFileBuilder Article(string title, DateTimeOffset published) =>
        new ArticleFileBuilder().WithTitle(title).WithTags("budget")
            .WithPublished(published.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture));

    /// <summary>Stores the file as the PUT API does, then runs the publishing blob trigger on it.</summary>
    private static async Task UploadAsync(TestApp app, string slug, ArticleFileBuilder file)
    {
        await app.Get<ArticleFiles>().UploadAsync(slug, file.Build(), default);
        var blob = app.Container("articles").GetBlobClient(slug + ".md");
        await app.Create<PublishArticleTrigger>().PublishArticle(blob, blob.Name, default);
    }

    /// <summary>Not served, listed, in a feed or in the change feed.</summary>
    private static async Task AssertNotLiveAsync(TestApp app, string slug)
    {
        Assert.NotEqual(200, (await GetArticleAsync(app, slug)).Status);
        Assert.DoesNotContain(slug, await ListingAsync(app));
        Assert.DoesNotContain(slug, await RssAsync(app));
        Assert.DoesNotContain(await ChangesAsync(app), change => change.Slug == slug);
    }

    private static async Task<HttpResult> GetArticleAsync(TestApp app, string slug)
    {
        var exchange = new HttpExchange("GET", "/api/articles/" + slug);
        return await exchange.ExecuteAsync(await app.Create<ArticlesHttp>().GetArticle(exchange.Request, slug, default));
    }

    private static async Task<string[]> ListingAsync(TestApp app)
    {
        var exchange = new HttpExchange("GET", "/api/articles", "tag=budget");
        var page = await exchange.ExecuteAsync(await app.Create<ArticlesHttp>().ListArticles(exchange.Request, default));
        return Slugs(page);
    }

    private static async Task<string> RssAsync(TestApp app)
    {
        var exchange = new HttpExchange("GET", "/api/feeds/rss.xml");
        var feed = await exchange.ExecuteAsync(await app.Create<FeedsHttp>().GetFeed(exchange.Request, "rss.xml", default));
        return feed.Status == 200 ? feed.Body : "";
    }

    private static async Task<List<(string Slug, string Change)>> ChangesAsync(TestApp app)
    {
        var exchange = new HttpExchange("GET", "/api/changes");
        var page = await exchange.ExecuteAsync(await app.Create<ChangesHttp>().ListChanges(exchange.Request, default));
        return page.Json.GetProperty("changes").EnumerateArray()
            .Select(c => (c.GetProperty("slug").GetString()!, c.GetProperty("change").GetString()!)).ToList();
    }

    private static async Task<HttpResult> ListScheduledAsync(TestApp app, string? query)
    {
        var exchange = new HttpExchange("GET", "/api/scheduled", query);
        return await exchange.ExecuteAsync(await app.Create<ScheduledHttp>().ListScheduledArticles(exchange.Request, default));
    }

    private static async Task<List<(string Slug, string Title, DateTimeOffset Published)>> ScheduledAsync(TestApp app) =>
        (await ListScheduledAsync(app, null)).Json.GetProperty("items").EnumerateArray()
            .Select(item => (item.GetProperty("slug").GetString()!, item.GetProperty("title").GetString()!, item.GetProperty("published").GetDateTimeOffset()))
            .ToList();

    private static string[] Slugs(HttpResult page) =>
        page.Json.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("slug").GetString()!).ToArray();
}
