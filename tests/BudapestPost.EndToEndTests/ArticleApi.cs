using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>Small helpers over the articles API and the article container, as a client or an editor uses them.</summary>
public sealed class ArticleApi(FunctionAppFixture app)
{
    public static string NewSlug(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public async Task<HttpResponseMessage> PutAsync(string slug, ArticleFileBuilder article, string? key = FunctionAppFixture.FunctionKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/articles/{slug}")
        {
            Content = new ByteArrayContent(article.Build()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }
        return await app.Client.SendAsync(request);
    }

    public async Task UploadAsync(string slug, ArticleFileBuilder article)
    {
        var container = app.Storage.BlobService.GetBlobContainerClient("articles");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient(slug + ".md").UploadAsync(new BinaryData(article.Build()), overwrite: true);
    }

    public async Task<IReadOnlyList<string>> ListSlugsAsync()
    {
        var page = await app.Client.GetFromJsonAsync<JsonElement>("api/articles?limit=100");
        return page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("slug").GetString()!).ToList();
    }

    public Task<IReadOnlyList<string>> WaitUntilListedAsync(string slug) =>
        Eventually.Until(ListSlugsAsync, slugs => slugs.Contains(slug));

    public async Task<(HttpStatusCode Status, string? Title)> GetAsync(string slug)
    {
        var response = await app.Client.GetAsync($"api/articles/{slug}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return (response.StatusCode, null);
        }
        var article = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, article.GetProperty("title").GetString());
    }
}
