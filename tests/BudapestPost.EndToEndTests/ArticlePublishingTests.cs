using System.Net;
using Azure.Data.Tables;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

[Collection(FunctionAppCollection.Name)]
public sealed class ArticlePublishingTests(FunctionAppFixture app)
{
    private readonly ArticleApi _api = new(app);

    [Fact]
    public async Task Put_WithoutKey_Returns401AndStoresNothing()
    {
        var slug = ArticleApi.NewSlug("nokey");

        var response = await _api.PutAsync(slug, new ArticleFileBuilder(), key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var stored = await app.Storage.BlobService.GetBlobContainerClient("articles").GetBlobClient(slug + ".md").ExistsAsync();
        Assert.False(stored.Value);
    }

    [Fact]
    public async Task Put_ValidArticle_PublishedListedAndReadable()
    {
        var slug = ArticleApi.NewSlug("put");

        var response = await _api.PutAsync(slug, new ArticleFileBuilder().WithTitle("Tram Line 1 Reaches Kelenföld"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains(slug, await _api.WaitUntilListedAsync(slug));
        Assert.Equal((HttpStatusCode.OK, "Tram Line 1 Reaches Kelenföld"), await _api.GetAsync(slug));
    }

    [Fact]
    public async Task RawBlobUpload_ValidArticle_PublishedAndListed()
    {
        var slug = ArticleApi.NewSlug("blob");

        await _api.UploadAsync(slug, new ArticleFileBuilder().WithTitle("Chain Bridge Reopens"));

        Assert.Contains(slug, await _api.WaitUntilListedAsync(slug));
        Assert.Equal((HttpStatusCode.OK, "Chain Bridge Reopens"), await _api.GetAsync(slug));
    }

    [Fact]
    public async Task Get_WithCurrentETag_Returns304()
    {
        var slug = ArticleApi.NewSlug("etag");
        await _api.UploadAsync(slug, new ArticleFileBuilder());
        await _api.WaitUntilListedAsync(slug);
        var first = await app.Client.GetAsync($"api/articles/{slug}");
        Assert.NotNull(first.Headers.ETag);

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"api/articles/{slug}");
        revalidate.Headers.IfNoneMatch.Add(first.Headers.ETag);
        var second = await app.Client.SendAsync(revalidate);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task RawBlobUpload_InvalidArticle_RecordedInPublishErrorsAndLiveVersionKept()
    {
        var slug = ArticleApi.NewSlug("invalid");
        await _api.UploadAsync(slug, new ArticleFileBuilder().WithTitle("The Valid Version"));
        await _api.WaitUntilListedAsync(slug);

        await _api.UploadAsync(slug, new ArticleFileBuilder().Without("title"));

        var errors = app.Storage.TableService.GetTableClient("PublishErrors");
        var recorded = await Eventually.Until(
            async () => await CountAsync(errors.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {slug}"))),
            count => count > 0);
        Assert.Equal(1, recorded);
        Assert.Equal((HttpStatusCode.OK, "The Valid Version"), await _api.GetAsync(slug));
    }

    private static async Task<int> CountAsync<T>(IAsyncEnumerable<T> items)
    {
        var count = 0;
        await foreach (var _ in items)
        {
            count++;
        }
        return count;
    }
}
