using Azure.Data.Tables;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Feedback;

[Collection(AzuriteCollection.Name)]
public sealed class ClientHasherTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task HashAsync_SameAddress_IsStableAcrossInstancesAndHidesAddress()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var first = NewHasher(app);
        var second = NewHasher(app);

        var hashes = await Task.WhenAll(first.HashAsync("203.0.113.7", default), second.HashAsync("203.0.113.7", default));

        Assert.Equal(hashes[0], hashes[1]);
        Assert.Matches("^[0-9a-f]{32}$", hashes[0]);
        Assert.DoesNotContain("203", hashes[0]);
    }

    [Fact]
    public async Task HashAsync_DifferentAddressOrKey_Differs()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await using var other = await TestApp.StartAsync(azurite);

        var hash = await NewHasher(app).HashAsync("203.0.113.7", default);

        Assert.NotEqual(hash, await NewHasher(app).HashAsync("203.0.113.8", default));
        Assert.NotEqual(hash, await NewHasher(other).HashAsync("203.0.113.7", default));
    }

    [Fact]
    public async Task HashAsync_StoresOneRandomKeyAndNoAddress()
    {
        await using var app = await TestApp.StartAsync(azurite);

        await NewHasher(app).HashAsync("203.0.113.7", default);

        var rows = app.Table(n => n.FeedbackTable).Query<TableEntity>().ToList();
        var key = Assert.Single(rows);
        Assert.Equal(FeedbackTableKeys.ConfigurationPartition, key.PartitionKey);
        Assert.Equal(32, key.GetBinary("Key").Length);
    }

    // A new hasher is what a new instance of the app starts with.
    private static ClientHasher NewHasher(TestApp app) =>
        new(app.Get<TableServiceClient>(), app.Get<IOptions<StorageOptions>>());
}
