using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Feedback;

[Collection(AzuriteCollection.Name)]
public sealed class FeedbackTriageHttpTests(AzuriteFixture azurite)
{
    private const string Slug = "budget-vote";

    [Fact]
    public async Task ListFeedback_OneArticle_PagesNewestFirstWithoutRepeats()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var posted = await PostReportsAsync(app, time, Slug, 7);
        await PostReportsAsync(app, time, "other-article", 2);

        var (ids, pages) = await ListAllAsync(app, $"article={Slug}&limit=3");

        Assert.Equal(posted.AsEnumerable().Reverse(), ids);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListFeedback_AllArticles_PagesNewestFirstAcrossArticles()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        await app.PublishAsync("alpha");
        await app.PublishAsync("beta");
        var posted = new List<string>();
        foreach (var slug in new[] { "alpha", "beta", "beta", "alpha", "beta" })
        {
            time.Advance(TimeSpan.FromSeconds(1));
            posted.Add((await app.SendAsync(FeedbackTestApp.Post(slug, FeedbackTestApp.ValidBody, clientAddress: $"192.0.2.{posted.Count}"), slug)).Json.GetProperty("id").GetString()!);
        }

        var (ids, pages) = await ListAllAsync(app, "limit=2");

        Assert.Equal(posted.AsEnumerable().Reverse(), ids);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task ListFeedback_StatusFilter_ReturnsOnlyThatStatusWithoutEmail()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var posted = await PostReportsAsync(app, time, Slug, 3);
        await PatchAsync(app, Slug, posted[1], """{"status":"triaged","note":"Checking."}""");

        var response = await ListAsync(app, $"article={Slug}&status=triaged");

        var item = Assert.Single(response.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(posted[1], item.GetProperty("id").GetString());
        Assert.Equal("Checking.", item.GetProperty("note").GetString());
        Assert.Equal($"/api/feedback/{Slug}/{posted[1]}", item.GetProperty("url").GetString());
        Assert.False(item.TryGetProperty("email", out _));
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task ListFeedback_StatusFilterAcrossArticles_SkipsBookkeepingRows()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        await app.PublishAsync(Slug);
        await app.SendAsync(FeedbackTestApp.Post(Slug, FeedbackTestApp.ValidBody).WithHeader("Idempotency-Key", "k"), Slug);

        var response = await ListAsync(app, "status=new");

        Assert.Single(response.Json.GetProperty("items").EnumerateArray());
        Assert.Contains(app.FeedbackTable().Query<Azure.Data.Tables.TableEntity>(), e => e.RowKey.StartsWith('~'));
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=x", "limit")]
    [InlineData("article=Bad%20Slug", "article")]
    [InlineData("status=open", "status")]
    [InlineData("continuation=garbage", "continuation")]
    public async Task ListFeedback_BadQuery_Returns400ForParameter(string query, string field)
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);

        var response = await ListAsync(app, query);

        Assert.Equal(400, response.Status);
        Assert.Single(response.ErrorsFor(field));
    }

    [Fact]
    public async Task ListFeedback_ContinuationFromAnotherArticle_Returns400()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        await PostReportsAsync(app, time, Slug, 2);
        var token = (await ListAsync(app, $"article={Slug}&limit=1")).Json.GetProperty("continuation").GetString()!;

        var response = await ListAsync(app, "article=another&limit=1&continuation=" + Uri.EscapeDataString(token));

        Assert.Equal(400, response.Status);
        Assert.Single(response.ErrorsFor("continuation"));
    }

    [Fact]
    public async Task GetFeedback_Existing_ReturnsEmailAndETag()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var id = (await PostReportsAsync(app, time, Slug, 1))[0];

        var response = await GetAsync(app, Slug, id);

        Assert.Equal(200, response.Status);
        Assert.Equal("reader@example.hu", response.Json.GetProperty("email").GetString());
        Assert.Equal("new", response.Json.GetProperty("status").GetString());
        Assert.Matches("^\"[0-9a-f]{32}\"$", response.Headers.ETag.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
    }

    [Theory]
    [InlineData(Slug, "2516887741052463807-k3v9q0c2m7xa")]
    [InlineData(Slug, "not-an-id")]
    [InlineData("Bad~Slug", "2516887741052463807-k3v9q0c2m7xa")]
    public async Task GetFeedback_Missing_Returns404(string slug, string id)
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);

        var response = await GetAsync(app, slug, id);

        Assert.Equal(404, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
    }

    [Fact]
    public async Task PatchFeedback_AllowedMove_UpdatesStatusNoteAndETag()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var id = (await PostReportsAsync(app, time, Slug, 1))[0];
        var before = await GetAsync(app, Slug, id);
        time.Advance(TimeSpan.FromMinutes(5));

        var response = await PatchAsync(app, Slug, id, """{"status":"triaged","note":"Asked the desk."}""", before.Headers.ETag.ToString());

        Assert.Equal(200, response.Status);
        Assert.Equal(("triaged", "Asked the desk."), (response.Json.GetProperty("status").GetString(), response.Json.GetProperty("note").GetString()));
        Assert.Equal(time.GetUtcNow(), response.Json.GetProperty("updated").GetDateTimeOffset());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, before.Json.GetProperty("updatedBy").ValueKind);
        Assert.Equal(HttpExchange.Editor.Name, response.Json.GetProperty("updatedBy").GetString());
        Assert.NotEqual(before.Headers.ETag.ToString(), response.Headers.ETag.ToString());
        Assert.Equal(response.Headers.ETag.ToString(), (await GetAsync(app, Slug, id)).Headers.ETag.ToString());
    }

    [Fact]
    public async Task PatchFeedback_FullTriagePath_FollowsTransitions()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var id = (await PostReportsAsync(app, time, Slug, 1))[0];

        var statuses = new List<int>();
        foreach (var status in new[] { "triaged", "resolved", "triaged", "rejected", "new", "resolved" })
        {
            statuses.Add((await PatchAsync(app, Slug, id, $$"""{"status":"{{status}}"}""")).Status);
        }

        Assert.Equal([200, 200, 200, 200, 409, 409], statuses);
        Assert.Equal("rejected", Assert.Single(app.StoredReports()).Status);
    }

    [Fact]
    public async Task PatchFeedback_ResolvedWithResolution_StoresItAndReopeningClearsIt()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var id = (await PostReportsAsync(app, time, Slug, 1))[0];

        var resolved = await PatchAsync(app, Slug, id, """{"status":"resolved","resolution":"duplicate"}""");
        var reopened = await PatchAsync(app, Slug, id, """{"status":"triaged"}""");

        Assert.Equal(("resolved", "duplicate"), (resolved.Json.GetProperty("status").GetString(), resolved.Json.GetProperty("resolution").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, reopened.Json.GetProperty("resolution").ValueKind);
    }

    [Fact]
    public async Task PatchFeedback_NoteOnly_KeepsStatus()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var id = (await PostReportsAsync(app, time, Slug, 1))[0];

        var response = await PatchAsync(app, Slug, id, """{"note":"Duplicate of an earlier report."}""");

        Assert.Equal(("new", "Duplicate of an earlier report."), (response.Json.GetProperty("status").GetString(), response.Json.GetProperty("note").GetString()));
    }

    [Fact]
    public async Task PatchFeedback_StaleETag_Returns412AndChangesNothing()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var id = (await PostReportsAsync(app, time, Slug, 1))[0];
        var stale = (await GetAsync(app, Slug, id)).Headers.ETag.ToString();
        await PatchAsync(app, Slug, id, """{"status":"triaged"}""", stale);

        var response = await PatchAsync(app, Slug, id, """{"status":"rejected"}""", stale);

        Assert.Equal(412, response.Status);
        Assert.Equal("urn:budapest-post:problem:precondition-failed", response.Json.GetProperty("type").GetString());
        Assert.Equal("triaged", Assert.Single(app.StoredReports()).Status);
    }

    [Fact]
    public async Task PatchFeedback_ConcurrentEditorsWithSameETag_OnlyOneWins()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var id = (await PostReportsAsync(app, time, Slug, 1))[0];
        var etag = (await GetAsync(app, Slug, id)).Headers.ETag.ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            PatchAsync(app, Slug, id, $$"""{"status":"triaged","note":"editor {{i}}"}""", etag)));

        Assert.Single(responses, r => r.Status == 200);
        Assert.All(responses.Where(r => r.Status != 200), r => Assert.Equal(412, r.Status));
    }

    [Fact]
    public async Task PatchFeedback_WithoutIfMatch_Returns428()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var id = (await PostReportsAsync(app, time, Slug, 1))[0];

        var response = await PatchAsync(app, Slug, id, """{"status":"triaged"}""", ifMatch: null);

        Assert.Equal(428, response.Status);
        Assert.Equal("new", Assert.Single(app.StoredReports()).Status);
    }

    [Theory]
    [InlineData("""{"status":"closed"}""", "status")]
    [InlineData("""{}""", "body")]
    [InlineData("""{"status":"triaged","kind":"typo"}""", "kind")]
    [InlineData("""{"status":""", "body")]
    public async Task PatchFeedback_InvalidBody_Returns400(string body, string field)
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var id = (await PostReportsAsync(app, time, Slug, 1))[0];

        var response = await PatchAsync(app, Slug, id, body);

        Assert.Equal(400, response.Status);
        Assert.NotEmpty(response.ErrorsFor(field));
    }

    [Fact]
    public async Task PatchFeedback_NotJson_Returns415()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time);
        var id = (await PostReportsAsync(app, time, Slug, 1))[0];

        var exchange = new HttpExchange("PATCH", $"/api/feedback/{Slug}/{id}").WithBody("status=triaged", "text/plain").WithHeader("If-Match", "*");
        var response = await app.SendAsync(exchange, () => app.Create<FeedbackTriageHttp>().PatchFeedback(exchange.Request, Slug, id, default));

        Assert.Equal(415, response.Status);
    }

    [Fact]
    public async Task PatchFeedback_MissingReport_Returns404()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);

        var response = await PatchAsync(app, Slug, "2516887741052463807-k3v9q0c2m7xa", """{"status":"triaged"}""");

        Assert.Equal(404, response.Status);
    }

    private static async Task<List<string>> PostReportsAsync(TestApp app, FakeTimeProvider time, string slug, int count)
    {
        await app.PublishAsync(slug);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            var response = await app.SendAsync(FeedbackTestApp.Post(slug, FeedbackTestApp.ValidBody, clientAddress: $"198.51.100.{i}"), slug);
            Assert.Equal(201, response.Status);
            ids.Add(response.Json.GetProperty("id").GetString()!);
        }
        return ids;
    }

    private static async Task<(List<string> Ids, int Pages)> ListAllAsync(TestApp app, string query)
    {
        var ids = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var response = await ListAsync(app, query + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)));
            Assert.Equal(200, response.Status);
            ids.AddRange(response.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            continuation = response.Json.GetProperty("continuation").GetString();
            pages++;
        } while (continuation is not null && pages < 20);
        return (ids, pages);
    }

    private static async Task<HttpResult> ListAsync(TestApp app, string query)
    {
        var exchange = new HttpExchange("GET", "/api/feedback", query);
        return await app.SendAsync(exchange, () => app.Create<FeedbackTriageHttp>().ListFeedback(exchange.Request, default));
    }

    private static async Task<HttpResult> GetAsync(TestApp app, string slug, string id)
    {
        var exchange = new HttpExchange("GET", $"/api/feedback/{slug}/{id}");
        return await app.SendAsync(exchange, () => app.Create<FeedbackTriageHttp>().GetFeedback(exchange.Request, slug, id, default));
    }

    private static async Task<HttpResult> PatchAsync(TestApp app, string slug, string id, string body, string? ifMatch = "*")
    {
        var exchange = new HttpExchange("PATCH", $"/api/feedback/{slug}/{id}").WithBody(body, "application/json");
        if (ifMatch is not null)
        {
            exchange.WithHeader("If-Match", ifMatch);
        }
        return await app.SendAsync(exchange, () => app.Create<FeedbackTriageHttp>().PatchFeedback(exchange.Request, slug, id, default));
    }
}
