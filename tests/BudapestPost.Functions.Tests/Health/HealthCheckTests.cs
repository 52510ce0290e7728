using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Functions.Health;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace BudapestPost.Functions.Tests.Health;

[Collection(AzuriteCollection.Name)]
public sealed class HealthCheckTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Health_StorageAnswers_Returns200()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var exchange = new HttpExchange("GET", "/api/health");

        var response = await exchange.ExecuteAsync(await app.Create<HealthCheck>().Health(exchange.Request, default));

        Assert.Equal(200, response.Status);
        Assert.Equal("healthy", response.Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_BlobStorageFails_Returns503ProblemWithRetryAfter()
    {
        var blobs = new Mock<BlobServiceClient>();
        blobs.Setup(b => b.GetPropertiesAsync(It.IsAny<CancellationToken>()))
             .ThrowsAsync(new RequestFailedException(500, "storage down"));
        var tables = new Mock<TableServiceClient>();
        tables.Setup(t => t.QueryAsync(It.IsAny<string>(), It.IsAny<int?>(), It.IsAny<CancellationToken>()))
              .Returns(AsyncPageable<TableItem>.FromPages([]));
        var exchange = new HttpExchange("GET", "/api/health");

        var result = await new HealthCheck(blobs.Object, tables.Object, NullLogger<HealthCheck>.Instance).Health(exchange.Request, default);
        var response = await exchange.ExecuteAsync(result);

        Assert.Equal(503, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Equal("10", response.Headers.RetryAfter.ToString());
    }
}
