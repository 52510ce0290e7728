using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Feedback;

[Collection(AzuriteCollection.Name)]
public sealed class FeedbackRateLimitTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ConcurrentReportsFromOneClient_StoreExactlyTheLimit_AndGiveBackTheRest()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite, feedback: options => options.PerArticlePermitLimit = 5);
        await app.PublishAsync("article");

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => app.SendAsync(FeedbackTestApp.Post("article", FeedbackTestApp.ValidBody), "article")));

        Assert.Equal(5, responses.Count(r => r.Status == 201));
        Assert.Equal(7, responses.Count(r => r.Status == 429));
        Assert.Equal(5, app.StoredReports().Count);
        // Both counters say five: the permits over all articles taken by refused reports were given back.
        Assert.All(Counters(app), counter => Assert.Equal(5, counter.Count));
    }

    [Fact]
    public async Task ReadersBehindOneFrontDoorEdge_EachHaveTheirOwnLimit()
    {
        const string ourFrontDoor = "7d1f1c6a-2b4e-4c9b-9a51-0f3c2e8d4b10";
        await using var app = await FeedbackTestApp.StartAsync(azurite, feedback: options => options.PerClientPermitLimit = 1,
            settings: new Dictionary<string, string?> { ["FrontDoor:Id"] = ourFrontDoor });
        await app.PublishAsync("article");
        // Every request arrives from the same edge address; Front Door names the reader in X-Azure-ClientIP.
        HttpExchange Through(string frontDoorId, string reader) =>
            FeedbackTestApp.Post("article", FeedbackTestApp.ValidBody, clientAddress: "147.243.1.10")
                .WithHeader("X-Azure-FDID", frontDoorId).WithHeader("X-Azure-ClientIP", reader);

        var first = await app.SendAsync(Through(ourFrontDoor, "203.0.113.7"), "article");
        var other = await app.SendAsync(Through(ourFrontDoor, "198.51.100.9"), "article");
        var firstAgain = await app.SendAsync(Through(ourFrontDoor, "203.0.113.7"), "article");
        // Through someone else's profile the header names nobody: the edge's own limit applies.
        var forged = await app.SendAsync(Through("00000000-1111-2222-3333-444444444444", "192.0.2.99"), "article");
        var forgedAgain = await app.SendAsync(Through("00000000-1111-2222-3333-444444444444", "192.0.2.100"), "article");

        Assert.Equal([201, 201, 429, 201, 429], new[] { first.Status, other.Status, firstAgain.Status, forged.Status, forgedAgain.Status });
    }

    [Fact]
    public async Task TwoInstances_CountAgainstTheSameLimitExactly()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        var shared = FeedbackTestApp.SharedTables();
        await using var first = await FeedbackTestApp.StartAsync(azurite, time, options => options.PerArticlePermitLimit = 5, settings: shared);
        await using var second = await FeedbackTestApp.StartAsync(azurite, time, options => options.PerArticlePermitLimit = 5, settings: shared);
        await first.PublishAsync("article");

        var statuses = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            var instance = i % 2 == 0 ? first : second; // each remembers counters the other has since changed
            statuses.Add((await instance.SendAsync(FeedbackTestApp.Post("article", FeedbackTestApp.ValidBody), "article")).Status);
        }

        Assert.Equal([201, 201, 201, 201, 201, 429, 429, 429], statuses);
        Assert.Equal(5, first.StoredReports().Count);
        Assert.All(Counters(first), counter => Assert.Equal(5, counter.Count));
    }

    [Fact]
    public async Task ConcurrentBurstsFromOneClientOnTwoInstances_StoreExactlyTheLimit()
    {
        var shared = FeedbackTestApp.SharedTables();
        await using var first = await FeedbackTestApp.StartAsync(azurite, feedback: options => options.PerArticlePermitLimit = 5, settings: shared);
        await using var second = await FeedbackTestApp.StartAsync(azurite, feedback: options => options.PerArticlePermitLimit = 5, settings: shared);
        await first.PublishAsync("article");

        // Each instance writes its burst together while the other moves the same counters under it.
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            (i % 2 == 0 ? first : second).SendAsync(FeedbackTestApp.Post("article", FeedbackTestApp.ValidBody), "article")));

        Assert.Equal(5, responses.Count(r => r.Status == 201));
        Assert.Equal(11, responses.Count(r => r.Status == 429));
        Assert.Equal(5, first.StoredReports().Count);
        Assert.All(Counters(first), counter => Assert.Equal(5, counter.Count));
    }

    [Fact]
    public async Task ConcurrentReportsOnManyArticles_CountExactlyAgainstTheLimitOverAllArticles()
    {
        var shared = FeedbackTestApp.SharedTables();
        await using var first = await FeedbackTestApp.StartAsync(azurite, feedback: options => options.PerClientPermitLimit = 4, settings: shared);
        await using var second = await FeedbackTestApp.StartAsync(azurite, feedback: options => options.PerClientPermitLimit = 4, settings: shared);
        string[] slugs = ["one", "two", "three"];
        foreach (var slug in slugs)
        {
            await first.PublishAsync(slug);
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            (i % 2 == 0 ? first : second).SendAsync(FeedbackTestApp.Post(slugs[i % 3], FeedbackTestApp.ValidBody), slugs[i % 3])));

        Assert.Equal(4, responses.Count(r => r.Status == 201));
        Assert.Equal(8, responses.Count(r => r.Status == 429));
        Assert.Equal(4, first.StoredReports().Count);
        Assert.Equal(4, Assert.Single(Counters(first), c => c.PartitionKey == FeedbackTableKeys.ClientsPartition).Count);
    }

    [Fact]
    public async Task WindowPassed_ReusesTheSameCounterRow()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time, options => options.PerArticlePermitLimit = 1);
        await app.PublishAsync("article");

        var first = await app.SendAsync(FeedbackTestApp.Post("article", FeedbackTestApp.ValidBody), "article");
        var second = await app.SendAsync(FeedbackTestApp.Post("article", FeedbackTestApp.ValidBody), "article");
        time.Advance(TimeSpan.FromMinutes(1));
        var third = await app.SendAsync(FeedbackTestApp.Post("article", FeedbackTestApp.ValidBody), "article");

        Assert.Equal((201, 429, 201), (first.Status, second.Status, third.Status));
        Assert.Equal("60", second.Headers.RetryAfter.ToString());
        var counters = Counters(app);
        Assert.Equal(2, counters.Count); // one per-article row, one per-client row
        Assert.Contains(counters, c => c.PartitionKey == "article" && c.Count == 1 && c.WindowStart == time.GetUtcNow());
    }

    [Fact]
    public async Task NextReportOfAClient_CostsThreeStorageRequests()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["ReadCache:FreshFor"] = "00:00:05" });
        await app.PublishAsync("article");
        await app.SendAsync(FeedbackTestApp.Post("article", FeedbackTestApp.ValidBody), "article");

        var before = app.Get<StorageRequestCounter>().Count;
        var next = await app.SendAsync(FeedbackTestApp.Post("article", FeedbackTestApp.ValidBody), "article");

        Assert.Equal(201, next.Status);
        // The counter over all articles, then the report with its per-article counter in one transaction, then
        // the article's count in the editors' queue (counts and rank rows in one transaction).
        Assert.Equal(3, app.Get<StorageRequestCounter>().Count - before);
    }

    private static List<RateCounterEntity> Counters(TestApp app) =>
        app.FeedbackTable().Query<RateCounterEntity>(e => e.RowKey.CompareTo("~rate~") > 0 && e.RowKey.CompareTo("~rate~~") < 0).ToList();
}
