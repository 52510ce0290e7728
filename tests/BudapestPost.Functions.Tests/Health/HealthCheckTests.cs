using BudapestPost.Functions.Health;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Feedback;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace BudapestPost.Functions.Tests.Health;

[Collection(AzuriteCollection.Name)]
public sealed class HealthCheckTests(AzuriteFixture azurite)
{
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
}
