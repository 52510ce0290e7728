using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Storage;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Feedback;

[Collection(AzuriteCollection.Name)]
public sealed class FeedbackRateLimiterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task AcquireAsync_ConcurrentRequestsFromOneClient_NeverExceedTheLimit()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time, options => options.PerArticlePermitLimit = 5);
        var limiter = app.Get<FeedbackRateLimiter>();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => limiter.AcquireAsync("article", "client", default)));

        Assert.True(decisions.Count(d => d.Allowed) <= 5);
        Assert.Contains(decisions, d => d.Allowed);
    }

    [Fact]
    public async Task AcquireAsync_WindowPassed_ReusesTheSameCounterRow()
    {
        var time = new FakeTimeProvider(FeedbackTestApp.Start);
        await using var app = await FeedbackTestApp.StartAsync(azurite, time, options => options.PerArticlePermitLimit = 1);
        var limiter = app.Get<FeedbackRateLimiter>();

        var first = await limiter.AcquireAsync("article", "client", default);
        var second = await limiter.AcquireAsync("article", "client", default);
        time.Advance(TimeSpan.FromMinutes(1));
        var third = await limiter.AcquireAsync("article", "client", default);

        Assert.Equal((true, false, true), (first.Allowed, second.Allowed, third.Allowed));
        Assert.Equal(TimeSpan.FromMinutes(1), second.RetryAfter);
        var counters = app.FeedbackTable().Query<RateCounterEntity>().ToList();
        Assert.Equal(2, counters.Count); // one per-article row, one per-client row
        Assert.Contains(counters, c => c.PartitionKey == "article" && c.Count == 1 && c.WindowStart == time.GetUtcNow());
    }
}
