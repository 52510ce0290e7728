using Azure.Data.Tables;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Feedback;

[Collection(AzuriteCollection.Name)]
public sealed class FeedbackStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AddAsync_ReportsArrivingWhileATransactionIsInFlight_GoTogetherInTheNext()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        var store = app.Get<FeedbackStore>();
        var requests = app.Get<StorageRequestCounter>();

        var before = requests.Count;
        // The first write takes what has arrived when it starts; the rest arrive while it is in flight and go in the next.
        var firstRound = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => store.AddAsync(Report("article", $"sender-{i}"), null, default)));
        var firstCost = requests.Count - before;

        before = requests.Count;
        var secondRound = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => store.AddAsync(Report("article", $"sender-{i}"), null, default)));
        var secondCost = requests.Count - before;

        Assert.All(firstRound.Concat(secondRound), result => Assert.Equal(FeedbackWrite.Stored, result.Written));
        Assert.Equal(32, app.StoredReports().Count);
        // Senders new to this instance: a read of each one's counter, then a few shared transactions, not one per report.
        Assert.InRange(firstCost - 16, 1, 4);
        // Senders whose counters this instance wrote last: the shared transactions alone.
        Assert.InRange(secondCost, 1, 4);
        Assert.All(ArticleCounters(app), counter => Assert.Equal(2, counter.Count));
    }

    [Fact]
    public async Task AddAsync_RepeatedIdempotencyKeyInOneBatch_StoresTheFirstAndAnswersTheOthersAsTaken()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        var store = app.Get<FeedbackStore>();

        var reports = new[] { ("sender-a", "key-1"), ("sender-b", "key-1"), ("sender-c", "key-2"), ("sender-d", "key-1") }
            .Select(pair => Report("article", pair.Item1)).ToList();
        var keys = new[] { "key-1", "key-1", "key-2", "key-1" };
        var results = await Task.WhenAll(reports.Select((report, i) => store.AddAsync(report, Key(report, keys[i]), default)));

        Assert.Equal(
            [FeedbackWrite.Stored, FeedbackWrite.IdempotencyKeyTaken, FeedbackWrite.Stored, FeedbackWrite.IdempotencyKeyTaken],
            results.Select(result => result.Written));
        Assert.Equal(new[] { reports[0].RowKey, reports[2].RowKey }.Order(), app.StoredReports().Select(report => report.RowKey).Order());
        // Only the stored reports were counted.
        Assert.Equal(["sender-a", "sender-c"], ArticleCounters(app).Where(c => c.Count == 1).Select(c => c.RowKey[FeedbackTableKeys.RateRow("").Length..]).Order());
        Assert.Equal(2, ArticleCounters(app).Count);
    }

    [Fact]
    public async Task AddAsync_SenderOverItsLimitInABatch_IsRefusedWhileTheOthersAreStored()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite, feedback: options => options.PerArticlePermitLimit = 2);
        var store = app.Get<FeedbackStore>();

        var senders = new[] { "busy", "quiet", "busy", "busy", "busy", "quiet" };
        var results = await Task.WhenAll(senders.Select(sender => store.AddAsync(Report("article", sender), null, default)));

        Assert.Equal(
            [FeedbackWrite.Stored, FeedbackWrite.Stored, FeedbackWrite.Stored, FeedbackWrite.RateLimited, FeedbackWrite.RateLimited, FeedbackWrite.Stored],
            results.Select(result => result.Written));
        Assert.All(results.Where(result => result.Written == FeedbackWrite.RateLimited), result => Assert.Equal(TimeSpan.FromMinutes(1), result.RetryAfter));
        Assert.Equal(4, app.StoredReports().Count);
        Assert.All(ArticleCounters(app), counter => Assert.Equal(2, counter.Count));
    }

    [Fact]
    public async Task GetAsync_MalformedId_ReturnsNullWithoutAsking()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);

        Assert.Null(await app.Get<FeedbackStore>().GetAsync("a", "~idempotency~abc", default));
    }

    [Fact]
    public async Task HashClientAsync_SameAddress_IsStableAcrossInstancesAndHidesAddress()
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var first = NewStore(app);
        using var second = NewStore(app);

        var hashes = await Task.WhenAll(first.HashClientAsync("203.0.113.7", default), second.HashClientAsync("203.0.113.7", default));

        Assert.Equal(hashes[0], hashes[1]);
        Assert.Matches("^[0-9a-f]{32}$", hashes[0]);
        // Keyed: not the plain SHA-256 of the address, which anyone could compute from a guess.
        var plain = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("203.0.113.7")));
        Assert.DoesNotContain(hashes[0], plain);
    }

    [Fact]
    public async Task HashClientAsync_DifferentAddressOrKey_Differs()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await using var other = await TestApp.StartAsync(azurite);
        using var store = NewStore(app);
        using var otherStore = NewStore(other);

        var hash = await store.HashClientAsync("203.0.113.7", default);

        Assert.NotEqual(hash, await store.HashClientAsync("203.0.113.8", default));
        Assert.NotEqual(hash, await otherStore.HashClientAsync("203.0.113.7", default));
    }

    [Fact]
    public async Task HashClientAsync_StoresOneRandomKeyAndNoAddress()
    {
        await using var app = await TestApp.StartAsync(azurite);
        using var store = NewStore(app);

        await store.HashClientAsync("203.0.113.7", default);

        var rows = app.Table(n => n.FeedbackTable).Query<TableEntity>().ToList();
        var key = Assert.Single(rows);
        Assert.Equal(FeedbackTableKeys.ConfigurationPartition, key.PartitionKey);
        Assert.Equal(32, key.GetBinary("Key").Length);
    }

    // A new store is what a new instance of the app starts with.
    private static FeedbackStore NewStore(TestApp app) =>
        new(app.Get<TableServiceClient>(), app.Get<IOptions<StorageOptions>>(), app.Get<IOptions<FeedbackOptions>>(), TimeProvider.System,
            NullLogger<FeedbackStore>.Instance);

    private static FeedbackEntity Report(string slug, string clientHash) => new()
    {
        PartitionKey = slug,
        RowKey = FeedbackId.Create(FeedbackTestApp.Start),
        Kind = "typo",
        Message = "A message long enough.",
        Status = "new",
        Received = FeedbackTestApp.Start,
        Updated = FeedbackTestApp.Start,
        ClientHash = clientHash,
    };

    private static IdempotencyEntity Key(FeedbackEntity report, string key) => new()
    {
        PartitionKey = report.PartitionKey,
        RowKey = FeedbackTableKeys.IdempotencyRow(key),
        FeedbackId = report.RowKey,
        RequestHash = "h",
        Kind = report.Kind,
        Received = report.Received,
    };

    private static List<RateCounterEntity> ArticleCounters(TestApp app) =>
        app.FeedbackTable().Query<RateCounterEntity>(e => e.PartitionKey == "article" && e.RowKey.CompareTo("~rate~") > 0 && e.RowKey.CompareTo("~rate~~") < 0).ToList();
}
