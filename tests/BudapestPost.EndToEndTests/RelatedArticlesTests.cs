using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

[Collection(FunctionAppCollection.Name)]
public sealed class RelatedArticlesTests(FunctionAppFixture app)
{
    private readonly ArticleApi _api = new(app);

    [Fact]
    public async Task Upload_SeveralArticlesOnOneTopic_EachListsTheOthersAsRelated()
    {
        var slugs = Enumerable.Range(0, 3).Select(_ => ArticleApi.NewSlug("zoo")).ToList();
        for (var i = 0; i < slugs.Count; i++)
        {
            await _api.UploadAsync(slugs[i], new ArticleFileBuilder()
                .WithTitle($"Zoo Dyes Donkeys To Look Like Zebras, Part {i + 1}")
                .WithLead("Visitors noticed the painted donkeys in the zebra enclosure of the zoo.")
                .WithTags("zoo", "zebras", "donkeys")
                .WithBody("The zoo painted black and white stripes on donkeys.\n\n## Zebras\n\nKeepers said zebras were hard to find.\n"));
        }

        var related = await Eventually.Until(() => RelatedSlugsAsync(slugs[0]), found => found.Contains(slugs[1]) && found.Contains(slugs[2]));

        Assert.Contains(slugs[1], related);
        Assert.Contains(slugs[2], related);
        Assert.DoesNotContain(slugs[0], related);
    }

    [Fact]
    public async Task DeleteFile_ThenBlobDeletedEvent_ArticleLeavesTheCatalogAndEveryList()
    {
        var slugs = Enumerable.Range(0, 3).Select(_ => ArticleApi.NewSlug("lake")).ToList();
        foreach (var slug in slugs)
        {
            await _api.UploadAsync(slug, new ArticleFileBuilder()
                .WithTitle("Lake Balaton Water Level Falls To A Record Low")
                .WithLead("The lake is shallower than ever measured.")
                .WithTags("balaton")
                .WithBody("Lake Balaton lost water all summer.\n\n## Drought\n\nSailors on the lake ran aground.\n"));
        }
        await Eventually.Until(() => RelatedSlugsAsync(slugs[0]), found => found.Contains(slugs[2]));
        await _api.WaitUntilListedAsync(slugs[2]);
        await Eventually.Until(() => SearchSlugsAsync("balaton"), found => found.Contains(slugs[2]));

        await app.Storage.BlobService.GetBlobContainerClient("articles").GetBlobClient(slugs[2] + ".md").DeleteAsync();
        var deleted = $$"""[{"id":"{{Guid.NewGuid()}}","eventType":"Microsoft.Storage.BlobDeleted","subject":"/blobServices/default/containers/articles/blobs/{{slugs[2]}}.md","data":{"api":"DeleteBlob"},"eventTime":"{{DateTimeOffset.UtcNow:O}}","dataVersion":"","metadataVersion":"1"}]""";
        var response = await app.Client.PostAsync(
            $"api/admin/article-events?code={FunctionAppFixture.EventGridKey}", new StringContent(deleted, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(slugs[2], await RelatedSlugsAsync(slugs[0]));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client.GetAsync($"api/articles/{slugs[2]}/related")).StatusCode);
        // Withdrawn from the catalog too; an instance may serve what it read for up to ReadCache:FreshFor.
        Assert.Equal(HttpStatusCode.NotFound, (await Eventually.Until(() => _api.GetAsync(slugs[2]), read => read.Status == HttpStatusCode.NotFound)).Status);
        Assert.DoesNotContain(slugs[2], await Eventually.Until(_api.ListSlugsAsync, listed => !listed.Contains(slugs[2])));
        // Out of the search index too, once the replica looks again (every 5 s).
        Assert.DoesNotContain(slugs[2], await Eventually.Until(() => SearchSlugsAsync("balaton"), found => !found.Contains(slugs[2])));
    }

    [Fact]
    public async Task Reindex_NotSignedIn_Returns401()
    {
        var response = await app.Client.PostAsync("api/admin/reindex", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Reindex_SignedInAdmin_Succeeds()
    {
        var response = await (await app.Host.AdminAsync()).PostAsync("api/admin/reindex", null);

        Assert.True(response.IsSuccessStatusCode, $"reindex answered {(int)response.StatusCode}");
    }

    private Task<IReadOnlyList<string>> RelatedSlugsAsync(string slug) => ItemSlugsAsync($"api/articles/{slug}/related");

    private Task<IReadOnlyList<string>> SearchSlugsAsync(string query) =>
        ItemSlugsAsync("api/search?limit=50&q=" + Uri.EscapeDataString(query));

    private async Task<IReadOnlyList<string>> ItemSlugsAsync(string path)
    {
        var response = await app.Client.GetAsync(path);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return [];
        }
        var index = await response.Content.ReadFromJsonAsync<JsonElement>();
        return index.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("slug").GetString()!).ToList();
    }
}
