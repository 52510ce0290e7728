using BudapestPost.Testing;

namespace BudapestPost.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzuriteFixtureTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Fixture_ServesBlobAndTableOnLoopback()
    {
        var container = await azurite.CreateContainerAsync();
        await container.UploadBlobAsync("hello.txt", BinaryData.FromString("hi"));
        var table = await azurite.CreateTableAsync();
        await table.AddEntityAsync(new Azure.Data.Tables.TableEntity("p", "r"));

        Assert.Equal("hi", (await container.GetBlobClient("hello.txt").DownloadContentAsync()).Value.Content.ToString());
        Assert.Single(table.Query<Azure.Data.Tables.TableEntity>());
        Assert.StartsWith("http://127.0.0.1:", container.Uri.ToString());
    }
}
