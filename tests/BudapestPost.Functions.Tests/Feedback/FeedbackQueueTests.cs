using System.Text;
using System.Text.Json;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Corrections;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Feedback;

/// <summary>The editors' queue (<c>GET /api/feedback/articles</c>) against Azurite: counts kept as reports arrive and move.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FeedbackQueueTests(AzuriteFixture azurite)
{
    private const string Typo = """{"kind":"typo","message":"The minister's name is misspelt."}""";

    [Fact]
    public async Task Queue_AfterReports_CountsPerArticleAndKindMostFirst()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await ReportAsync(app, "alpha", FeedbackTestApp.ValidBody);
        await ReportAsync(app, "beta", FeedbackTestApp.ValidBody, FeedbackTestApp.ValidBody, Typo);

        var response = await ListAsync(app, "status=new");

        Assert.Equal(200, response.Status);
        Assert.Equal("no-store", response.Headers.CacheControl.ToString());
        Assert.Equal([("beta", 3, 2, 1), ("alpha", 1, 1, 0)], Items(response).Select(i =>
            (i.Slug, i.Count, i.Kinds["inaccuracy"], i.Kinds["typo"])));
        var first = response.Json.GetProperty("items")[0];
        Assert.Equal(("A budget vote", "/api/articles/beta", 0), (first.GetProperty("title").GetString(), first.GetProperty("url").GetString(),
            first.GetProperty("kinds").GetProperty("broken-link").GetInt32()));
        Assert.Equal(JsonValueKind.Null, response.Json.GetProperty("continuation").ValueKind);
    }

    [Fact]
    public async Task Queue_WithoutStatus_IsTheNewReports()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        var ids = await ReportAsync(app, "alpha", FeedbackTestApp.ValidBody, Typo);
        await PatchAsync(app, "alpha", ids[0], "triaged");

        Assert.Equal([("alpha", 1)], Counts(await ListAsync(app, "")));
    }

    [Fact]
    public async Task Queue_TriageMoves_CountInTheirNewStatusOnly()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        var ids = await ReportAsync(app, "alpha", FeedbackTestApp.ValidBody, FeedbackTestApp.ValidBody, Typo);

        await PatchAsync(app, "alpha", ids[0], "triaged");
        await PatchAsync(app, "alpha", ids[1], "triaged");
        await PatchAsync(app, "alpha", ids[1], "rejected");
        await PatchAsync(app, "alpha", ids[2], "resolved", """ ,"resolution":"no-error" """);
        await PatchAsync(app, "alpha", ids[2], "resolved", """ ,"note":"Same status, note only." """);

        Assert.Empty(Counts(await ListAsync(app, "status=new")));
        Assert.Equal([("alpha", 1)], Counts(await ListAsync(app, "status=triaged")));
        Assert.Equal([("alpha", 1)], Counts(await ListAsync(app, "status=rejected")));
        var resolved = Assert.Single(Items(await ListAsync(app, "status=resolved")));
        Assert.Equal((1, 1, 0), (resolved.Count, resolved.Kinds["typo"], resolved.Kinds["inaccuracy"]));
        // An article that left a status leaves no row behind in it.
        Assert.DoesNotContain(app.FeedbackTable().Query<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "~queue~new"), _ => true);
    }

    [Fact]
    public async Task Queue_ReportsResolvedByACorrection_LeaveTheNewCount()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite, new FakeTimeProvider(FeedbackTestApp.Start.AddMinutes(30)));
        await app.UploadAndPublishAsync("alpha", new ArticleFileBuilder());
        var ids = await ReportAsync(app, "alpha", FeedbackTestApp.ValidBody, FeedbackTestApp.ValidBody, Typo);

        var exchange = new HttpExchange("POST", "/api/articles/alpha/corrections")
            .WithBody(Encoding.UTF8.GetBytes($$"""{"text":"The summit was on Tuesday.","feedback":["{{ids[0]}}","{{ids[1]}}"]}"""), "application/json");
        var corrected = await app.SendAsync(exchange, () => app.Create<CorrectionsHttp>().PostCorrection(exchange.Request, "alpha", default));

        Assert.Equal(202, corrected.Status);
        var open = Assert.Single(Items(await ListAsync(app, "status=new")));
        Assert.Equal((1, 1, 0), (open.Count, open.Kinds["typo"], open.Kinds["inaccuracy"]));
        Assert.Equal([("alpha", 2)], Counts(await ListAsync(app, "status=resolved")));
    }

    [Fact]
    public async Task Queue_ConcurrentReportsOnTwoInstances_CountsEveryOne()
    {
        var shared = FeedbackTestApp.SharedTables();
        await using var first = await FeedbackTestApp.StartAsync(azurite, settings: shared);
        await using var second = await FeedbackTestApp.StartAsync(azurite, settings: shared);
        await first.PublishAsync("alpha");
        // One report each first, so both instances remember the counts row and then race on a stale ETag.
        await ReportAsync(first, "alpha", FeedbackTestApp.ValidBody);
        await second.SendAsync(FeedbackTestApp.Post("alpha", Typo, clientAddress: "192.0.2.200"), "alpha");

        var sent = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
        {
            var app = i % 2 == 0 ? first : second;
            return app.SendAsync(FeedbackTestApp.Post("alpha", i % 3 == 0 ? Typo : FeedbackTestApp.ValidBody, clientAddress: $"198.51.100.{i}"), "alpha");
        }));

        Assert.All(sent, response => Assert.Equal(201, response.Status));
        var item = Assert.Single(Items(await ListAsync(first, "status=new")));
        Assert.Equal((26, 9, 17), (item.Count, item.Kinds["typo"], item.Kinds["inaccuracy"]));
        Assert.Equal(26, first.StoredReports().Count);
    }

    [Fact]
    public async Task Queue_Paging_WalksTheRankingOnceWithTiesBySlug()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        foreach (var (slug, count) in new[] { ("one", 1), ("four", 4), ("two-a", 2), ("three", 3), ("two-b", 2) })
        {
            await ReportAsync(app, slug, Enumerable.Repeat(FeedbackTestApp.ValidBody, count).ToArray());
        }

        var seen = new List<(string, int)>();
        var pages = 0;
        string? continuation = null;
        do
        {
            var page = await ListAsync(app, "limit=2" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)));
            seen.AddRange(Counts(page));
            continuation = page.Json.GetProperty("continuation").GetString();
            pages++;
        } while (continuation is not null && pages < 10);

        Assert.Equal([("four", 4), ("three", 3), ("two-a", 2), ("two-b", 2), ("one", 1)], seen);
        Assert.InRange(pages, 3, 4); // storage may end a full last page with a token for an empty one
    }

    [Theory]
    [InlineData("status=open", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("continuation=garbage", "continuation")]
    public async Task Queue_BadQuery_Is400ForThatField(string query, string field)
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);

        var response = await ListAsync(app, query);

        Assert.Equal((400, "application/problem+json"), (response.Status, response.MediaType));
        Assert.Single(response.ErrorsFor(field));
    }

    [Fact]
    public async Task Queue_ContinuationOfAnotherStatus_Is400()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await ReportAsync(app, "alpha", FeedbackTestApp.ValidBody);
        await ReportAsync(app, "beta", FeedbackTestApp.ValidBody);
        var token = (await ListAsync(app, "status=new&limit=1")).Json.GetProperty("continuation").GetString()!;

        var response = await ListAsync(app, "status=triaged&limit=1&continuation=" + Uri.EscapeDataString(token));

        Assert.Single(response.ErrorsFor("continuation"));
    }

    [Fact]
    public async Task Rebuild_QueueLostOrMiscounted_CountsAgainFromTheReports()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        var ids = await ReportAsync(app, "alpha", FeedbackTestApp.ValidBody, Typo);
        await ReportAsync(app, "beta", FeedbackTestApp.ValidBody);
        await PatchAsync(app, "alpha", ids[1], "triaged");
        Assert.Equal([("alpha", 1), ("beta", 1)], Counts(await ListAsync(app, "status=new")));
        var table = app.FeedbackTable();
        foreach (var row in table.Query<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "~queue~new").ToList())
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
        await table.UpsertEntityAsync(new Azure.Data.Tables.TableEntity("~queue~triaged", "~rank~9999999990~stale") { ["Slug"] = "stale", ["Count"] = 9 });

        var exchange = new HttpExchange("POST", "/api/admin/feedback/queue/rebuild");
        var rebuilt = await app.SendAsync(exchange, () => app.Create<FeedbackTriageHttp>().RebuildFeedbackQueue(exchange.Request, default));

        Assert.Equal((3, 3), (rebuilt.Json.GetProperty("reports").GetInt32(), rebuilt.Json.GetProperty("articleStatuses").GetInt32()));
        Assert.Equal([("alpha", 1), ("beta", 1)], Counts(await ListAsync(app, "status=new")));
        Assert.Equal([("alpha", 1)], Counts(await ListAsync(app, "status=triaged")));
        await ReportAsync(app, "beta", Typo);
        Assert.Equal([("beta", 2), ("alpha", 1)], Counts(await ListAsync(app, "status=new")));
    }

    private sealed record QueueItem(string Slug, int Count, Dictionary<string, int> Kinds);

    private static List<QueueItem> Items(HttpResult response) =>
        response.Json.GetProperty("items").EnumerateArray().Select(item => new QueueItem(
            item.GetProperty("slug").GetString()!, item.GetProperty("count").GetInt32(),
            item.GetProperty("kinds").EnumerateObject().ToDictionary(kind => kind.Name, kind => kind.Value.GetInt32()))).ToList();

    private static List<(string, int)> Counts(HttpResult response) => Items(response).Select(item => (item.Slug, item.Count)).ToList();

    private static int _client;

    /// <summary>Publishes the article (if it is not yet) and sends the reports, each from its own client address.</summary>
    private static async Task<List<string>> ReportAsync(TestApp app, string slug, params string[] bodies)
    {
        if (await app.Get<ArticleCatalog>().StatusAsync(slug, default) is null)
        {
            await app.PublishAsync(slug, new ArticleFileBuilder().WithTitle("A budget vote"));
        }
        var ids = new List<string>();
        foreach (var body in bodies)
        {
            var address = Interlocked.Increment(ref _client);
            var response = await app.SendAsync(FeedbackTestApp.Post(slug, body, clientAddress: $"10.{address / 65536 % 256}.{address / 256 % 256}.{address % 256}"), slug);
            Assert.Equal(201, response.Status);
            ids.Add(response.Json.GetProperty("id").GetString()!);
        }
        return ids;
    }

    private static async Task PatchAsync(TestApp app, string slug, string id, string status, string extra = "")
    {
        var exchange = new HttpExchange("PATCH", $"/api/feedback/{slug}/{id}")
            .WithBody($$"""{"status":"{{status}}"{{extra}}}""", "application/json").WithHeader("If-Match", "*");
        var response = await app.SendAsync(exchange, () => app.Create<FeedbackTriageHttp>().PatchFeedback(exchange.Request, slug, id, default));
        Assert.Equal(200, response.Status);
    }

    private static async Task<HttpResult> ListAsync(TestApp app, string query)
    {
        var exchange = new HttpExchange("GET", "/api/feedback/articles", query);
        return await app.SendAsync(exchange, () => app.Create<FeedbackTriageHttp>().ListFeedbackArticles(exchange.Request, default));
    }
}
