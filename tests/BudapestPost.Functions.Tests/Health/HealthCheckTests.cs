using BudapestPost.Functions.Health;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Feedback;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Health;

[Collection(AzuriteCollection.Name)]
public sealed class HealthCheckTests(AzuriteFixture azurite)
{
    // The answer is kept as long as the read cache keeps what changes.
    private static readonly Dictionary<string, string?> FiveSecondWindow = new() { ["ReadCache:FreshFor"] = "00:00:05" };

    private static Task<HttpResult> ProbeAsync(TestApp app)
    {
        var exchange = new HttpExchange("GET", "/api/health");
        return app.SendAsync(exchange, () => app.Create<HealthCheck>().Health(exchange.Request, default));
    }

    [Fact]
    public async Task Health_StorageAnswers_Returns200()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var exchange = new HttpExchange("GET", "/api/health");

        var response = await app.SendAsync(exchange, () => app.Create<HealthCheck>().Health(exchange.Request, default));

        Assert.Equal(200, response.Status);
        Assert.Equal("healthy", response.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_BlobStorageFails_Returns503ProblemWithRetryAfter()
    {
        await using var app = await TestApp.StartAsync(azurite, services =>
        {
            services.AddSingleton(UnreachableStorage.BlobService());
            services.Configure<StorageOptions>(options => options.OutageRetryAfter = TimeSpan.FromSeconds(10));
        });
        var exchange = new HttpExchange("GET", "/api/health");

        var response = await app.SendAsync(exchange, () => app.Create<HealthCheck>().Health(exchange.Request, default));

        Assert.Equal(503, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("10", response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task Health_Flood_AsksStorageOncePerWindow()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(azurite, services => services.AddSingleton<TimeProvider>(time), FiveSecondWindow);
        var storage = app.Get<StorageRequestCounter>();
        var before = storage.Count;

        var flood = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => ProbeAsync(app)));
        var afterFlood = storage.Count - before;
        time.Advance(TimeSpan.FromSeconds(6));
        var nextWindow = await ProbeAsync(app);

        Assert.All(flood, response => Assert.Equal(200, response.Status));
        // One blob and one table request answer all fifty; the next window asks again.
        Assert.Equal(2, afterFlood);
        Assert.Equal(200, nextWindow.Status);
        Assert.Equal(4, storage.Count - before);
    }

    [Fact]
    public async Task Health_FloodDuringAnOutage_AsksStorageOncePerWindowToo()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        await using var app = await TestApp.StartAsync(azurite, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSingleton(provider => UnreachableStorage.BlobService(provider.GetRequiredService<StorageRequestCounter>()));
        }, FiveSecondWindow);
        var storage = app.Get<StorageRequestCounter>();
        var before = storage.Count;

        var first = await ProbeAsync(app);
        var flood = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ProbeAsync(app)));

        Assert.Equal(503, first.Status);
        Assert.All(flood, response => Assert.Equal(503, response.Status));
        Assert.Equal(2, storage.Count - before);
    }
}
