using System.Net;
using System.Net.Http.Json;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>What browsers and CDNs are told to keep, through the real worker's middleware and the DevHost.</summary>
[Collection(FunctionAppCollection.Name)]
public sealed class CacheHeaderTests(FunctionAppFixture app)
{
    private const string PublicRead = "public, max-age=5, s-maxage=5, stale-while-revalidate=5";
    private readonly ArticleApi _api = new(app);

    [Fact]
    public async Task AnonymousRead_IsCacheableByCdns_AndIts304KeepsTheHeaders()
    {
        var (slug, ok) = await PublishedAndReadAsync("cdn");

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"api/articles/{slug}");
        conditional.Headers.IfNoneMatch.Add(ok.Headers.ETag!);
        var notModified = await app.Client.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        foreach (var response in new[] { ok, notModified })
        {
            Assert.Equal(PublicRead, response.Headers.CacheControl?.ToString());
            Assert.Equal(["Accept-Encoding"], response.Headers.Vary);
            Assert.Equal(ok.Headers.ETag, response.Headers.ETag);
        }
    }

    [Theory]
    [InlineData("api/articles/no-such-article-anywhere")] // 404
    [InlineData("api/articles/Not_A_Slug")]               // 400
    [InlineData("api/feedback")]                          // an editor's
    public async Task ErrorsAndEditorsAnswers_AreNotStored(string path)
    {
        var response = await (await app.Host.EditorAsync()).GetAsync(path);

        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task FeedbackReceipt_IsNotStored()
    {
        var slug = ArticleApi.NewSlug("receipt");
        await _api.UploadAsync(slug, new ArticleFileBuilder());
        await _api.WaitUntilListedAsync(slug);

        var posted = await app.Client.PostAsJsonAsync($"api/articles/{slug}/feedback",
            new { kind = "typo", message = "The second paragraph repeats a word twice." });

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal("no-store", posted.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task ReadsServedFromMemory_EndTheirInvocationsWithoutFailure()
    {
        var (slug, ok) = await PublishedAndReadAsync("clean");

        // Bodies and 304s answered from memory end their invocations quickly, right as the response ends: the
        // middleware that reads the answered status must not touch a request that has already ended.
        var reads = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"api/articles/{slug}");
            if (i % 2 == 1)
            {
                request.Headers.IfNoneMatch.Add(ok.Headers.ETag!);
            }
            return app.Client.SendAsync(request);
        }));
        // Failed invocations are logged by the host after their responses; a later read lets them arrive.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await app.Client.GetAsync($"api/articles/{slug}");

        Assert.All(reads, read => Assert.True(read.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotModified));
        Assert.DoesNotContain(app.Host.Output, line => line.Contains("GetArticle (", StringComparison.Ordinal) && line.Contains("failed:", StringComparison.Ordinal));
    }

    // A new article once it is live, and its first 200.
    private async Task<(string Slug, HttpResponseMessage Ok)> PublishedAndReadAsync(string prefix)
    {
        var slug = ArticleApi.NewSlug(prefix);
        await _api.UploadAsync(slug, new ArticleFileBuilder());
        await _api.WaitUntilListedAsync(slug);
        return (slug, await Eventually.Until(() => app.Client.GetAsync($"api/articles/{slug}"), r => r.StatusCode == HttpStatusCode.OK));
    }
}
