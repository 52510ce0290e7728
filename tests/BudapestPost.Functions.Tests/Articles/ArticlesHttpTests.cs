using Azure.Storage.Blobs;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;

namespace BudapestPost.Functions.Tests.Articles;

[Collection(AzuriteCollection.Name)]
public sealed class ArticlesHttpTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2025-02-01T08:00:00Z");

    [Fact]
    public async Task ListArticles_MoreThanOnePage_PagesNewestFirstWithoutRepeats()
    {
        await using var app = await TestApp.StartAsync(azurite);
        for (var day = 0; day < 7; day++)
        {
            await Publish(app, $"day-{day}", new ArticleFileBuilder().WithPublished(Start.AddDays(day).ToString("O")));
        }

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var query = "limit=3" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation));
            var response = await List(app, query);
            Assert.Equal(200, response.Status);
            seen.AddRange(response.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!));
            continuation = response.Json.GetProperty("continuation").GetString();
            pages++;
        } while (continuation is not null && pages < 10);

        Assert.Equal(["day-6", "day-5", "day-4", "day-3", "day-2", "day-1", "day-0"], seen);
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task ListArticles_Tag_ReturnsOnlyThatTagWithListFields()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Publish(app, "tagged", new ArticleFileBuilder().WithTags("nato").WithSection("europe"));
        await Publish(app, "untagged", new ArticleFileBuilder().WithTags("economy"));

        var response = await List(app, "tag=nato");

        var item = Assert.Single(response.Json.GetProperty("items").EnumerateArray());
        Assert.Equal("tagged", item.GetProperty("slug").GetString());
        Assert.Equal("europe", item.GetProperty("section").GetString());
        Assert.Equal("/api/articles/tagged", item.GetProperty("url").GetString());
        Assert.Equal(["nato"], item.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, response.Json.GetProperty("continuation").ValueKind);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("tag=Not%20A%20Tag", "tag")]
    [InlineData("continuation=garbage", "continuation")]
    public async Task ListArticles_BadQuery_Returns400Problem(string query, string field)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var response = await List(app, query);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.Single(response.ErrorsFor(field));
    }

    [Fact]
    public async Task ListArticles_ContinuationFromAnotherListing_Returns400()
    {
        await using var app = await TestApp.StartAsync(azurite);
        for (var day = 0; day < 3; day++)
        {
            await Publish(app, $"t-{day}", new ArticleFileBuilder().WithTags("nato").WithPublished(Start.AddDays(day).ToString("O")));
        }
        var continuation = (await List(app, "limit=1")).Json.GetProperty("continuation").GetString()!;

        var response = await List(app, "tag=nato&continuation=" + Uri.EscapeDataString(continuation));

        Assert.Equal(400, response.Status);
    }

    [Fact]
    public async Task GetArticle_Published_ReturnsArticleWithCachingHeaders()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Publish(app, "readable", new ArticleFileBuilder().WithTitle("Readable").WithTags("nato"));

        var response = await Get(app, "readable");

        Assert.Equal(200, response.Status);
        Assert.Equal("Readable", response.Json.GetProperty("title").GetString());
        Assert.Contains("<h2", response.Json.GetProperty("html").GetString());
        Assert.Contains("Mark Rutte spoke in Brussels.", response.Json.GetProperty("text").GetString());
        Assert.True(response.Json.GetProperty("aiGenerated").GetBoolean());
        Assert.Equal(0, response.Json.GetProperty("related").GetArrayLength());
        Assert.Equal("public, max-age=60", response.Headers.CacheControl.ToString());
        Assert.Matches("^\"[0-9a-f]{32}\"$", response.Headers.ETag.ToString());
    }

    [Fact]
    public async Task GetArticle_IfNoneMatchCurrentETag_Returns304_AndNewContentChangesIt()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Publish(app, "cached", new ArticleFileBuilder());
        var etag = (await Get(app, "cached")).Headers.ETag.ToString();

        var notModified = await Get(app, "cached", ("If-None-Match", etag));
        await Publish(app, "cached", new ArticleFileBuilder().WithTitle("Changed"), later: true);
        var changed = await Get(app, "cached", ("If-None-Match", etag));

        Assert.Equal(304, notModified.Status);
        Assert.Equal("", notModified.Body);
        Assert.Equal(200, changed.Status);
        Assert.NotEqual(etag, changed.Headers.ETag.ToString());
    }

    [Theory]
    [InlineData("Bad_Slug", 400)]
    [InlineData("no-such-article", 404)]
    public async Task GetArticle_BadOrUnknownSlug_ReturnsProblem(string slug, int status)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var response = await Get(app, slug);

        Assert.Equal(status, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
    }

    [Theory]
    [InlineData("retracted", 410)]
    [InlineData("draft", 404)]
    public async Task GetArticle_NotPublished_ReturnsProblem(string status, int expected)
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Publish(app, "hidden", new ArticleFileBuilder().WithStatus(status));

        var response = await Get(app, "hidden");

        Assert.Equal(expected, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
    }

    [Fact]
    public async Task PutArticle_ValidFile_StoresBlobAndReturns202WithLocation()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var slug = "put-" + Guid.NewGuid().ToString("N")[..8];
        var file = new ArticleFileBuilder().WithTitle("Put by the pipeline");

        var response = await Put(app, slug, file.Build(), "text/markdown; charset=utf-8");

        Assert.Equal(202, response.Status);
        Assert.Equal($"/api/articles/{slug}", response.Headers.Location.ToString());
        var stored = await app.Container(BudapestPost.Functions.Storage.StorageOptions.ArticlesContainer).GetBlobClient(slug + ".md").DownloadContentAsync();
        Assert.Equal(file.BuildText(), stored.Value.Content.ToString());
    }

    [Fact]
    public async Task PutArticle_InvalidFile_Returns400WithFieldErrorsAndStoresNothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var slug = "bad-" + Guid.NewGuid().ToString("N")[..8];

        var response = await Put(app, slug, new ArticleFileBuilder().Without("title").With("published", "yesterday").Build(), "text/markdown");

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.NotEmpty(response.ErrorsFor("title"));
        Assert.NotEmpty(response.ErrorsFor("published"));
        Assert.False(await app.Container(BudapestPost.Functions.Storage.StorageOptions.ArticlesContainer).GetBlobClient(slug + ".md").ExistsAsync());
    }

    [Fact]
    public async Task PutArticle_MarkdownInAnotherCharset_Returns415AndStoresNothing()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var response = await Put(app, "utf-16", new ArticleFileBuilder().Build(), "text/markdown; charset=utf-16");

        Assert.Equal(415, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.False(await app.Container(BudapestPost.Functions.Storage.StorageOptions.ArticlesContainer).GetBlobClient("utf-16.md").ExistsAsync());
    }

    [Fact]
    public async Task PutArticle_WrongContentType_Returns415()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var response = await Put(app, "json-body", new ArticleFileBuilder().Build(), "application/json");

        Assert.Equal(415, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
    }

    [Fact]
    public async Task PutArticle_BodyOverLimit_Returns413()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var huge = new ArticleFileBuilder().WithBody(new string('a', BudapestPost.Core.Articles.ArticleFileLimits.MaxFileBytes)).Build();

        var response = await Put(app, "huge", huge, "text/markdown");

        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task PutArticle_SlugDiffersFromFrontMatter_Returns400()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var response = await Put(app, "url-slug", new ArticleFileBuilder().WithSlug("other-slug").Build(), "text/markdown");

        Assert.Equal(400, response.Status);
        Assert.NotEmpty(response.ErrorsFor("slug"));
    }

    [Fact]
    public async Task PutArticle_InvalidFile_GivesTheSameErrorsAsTheBlobTrigger()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var file = new ArticleFileBuilder().WithTitle(new string('x', 201)).WithTags("Not A Slug").Without("lead").Build();

        var put = await Put(app, "same-errors", file, "text/markdown");
        await app.Get<ArticlePublisher>().PublishAsync(new ArticleFile("same-errors.md", file, new SourceVersion("\"e\"", Start)), default);

        var recorded = Assert.Single(app.Table(names => names.PublishErrorsTable).Query<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "same-errors"));
        var fromTrigger = System.Text.Json.JsonDocument.Parse(recorded.GetString("Errors")).RootElement.EnumerateArray()
            .Select(e => $"{e.GetProperty("field").GetString()}: {e.GetProperty("reason").GetString()}").Order();
        var fromPut = put.Json.GetProperty("errors").EnumerateObject()
            .SelectMany(f => f.Value.EnumerateArray().Select(r => $"{f.Name}: {r.GetString()}")).Order();
        Assert.Equal(fromTrigger, fromPut);
        Assert.Equal(3, fromPut.Count());
    }

    private static int _clock;

    private static async Task Publish(TestApp app, string slug, ArticleFileBuilder file, bool later = false)
    {
        // Each publish is a newer upload than the one before, as it would be in storage.
        var modified = Start.AddSeconds(Interlocked.Increment(ref _clock) + (later ? 1000 : 0));
        var outcome = await app.Get<ArticlePublisher>().PublishAsync(
            new ArticleFile(slug + ".md", file.Build(), new SourceVersion("\"etag\"", modified)), default);
        Assert.NotEqual(PublishOutcome.Rejected, outcome);
    }

    private static async Task<HttpResult> List(TestApp app, string query)
    {
        var exchange = new HttpExchange("GET", "/api/articles", query);
        return await app.SendAsync(exchange, () => app.Create<ArticlesHttp>().ListArticles(exchange.Request, default));
    }

    private static async Task<HttpResult> Get(TestApp app, string slug, params (string Name, string Value)[] headers)
    {
        var exchange = new HttpExchange("GET", "/api/articles/" + slug);
        foreach (var (name, value) in headers)
        {
            exchange.WithHeader(name, value);
        }
        return await app.SendAsync(exchange, () => app.Create<ArticlesHttp>().GetArticle(exchange.Request, slug, default));
    }

    private static async Task<HttpResult> Put(TestApp app, string slug, byte[] body, string contentType)
    {
        var exchange = new HttpExchange("PUT", "/api/articles/" + slug).WithBody(body, contentType);
        return await app.SendAsync(exchange, () => app.Create<ArticlesHttp>().PutArticle(exchange.Request, slug, default));
    }
}
