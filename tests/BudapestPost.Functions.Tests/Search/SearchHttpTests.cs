using System.Text;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Search;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;

namespace BudapestPost.Functions.Tests.Search;

[Collection(AzuriteCollection.Name)]
public sealed class SearchHttpTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SearchArticles_Match_ReturnsItemsWithUrlAndHighlights()
    {
        await using var app = await StartWithArticlesAsync();

        var response = await SearchAsync(app, "q=orban");

        Assert.Equal(200, response.Status);
        var item = Assert.Single(response.Json.GetProperty("items").EnumerateArray());
        Assert.Equal("orban-speech", item.GetProperty("slug").GetString());
        Assert.Equal("/api/articles/orban-speech", item.GetProperty("url").GetString());
        Assert.Equal("<mark>Orbán</mark> Speaks in Parliament", item.GetProperty("highlights").GetProperty("title").GetString());
        Assert.True(item.GetProperty("score").GetSingle() > 0);
        Assert.Equal(1, response.Json.GetProperty("total").GetInt32());
        // The test app's ReadCache:FreshFor is zero.
        Assert.Equal("public, max-age=0, s-maxage=0, stale-while-revalidate=0", response.Headers.CacheControl.ToString());
        Assert.Equal("Accept-Encoding", response.Headers.Vary.ToString());
    }

    [Fact]
    public async Task SearchArticles_SameETag_Returns304()
    {
        await using var app = await StartWithArticlesAsync();
        var first = await SearchAsync(app, "q=parliament");

        var second = await SearchAsync(app, "q=parliament", ("If-None-Match", first.Headers.ETag.ToString()));

        Assert.Equal(304, second.Status);
        Assert.NotEqual(first.Headers.ETag.ToString(), (await SearchAsync(app, "q=budget")).Headers.ETag.ToString());
    }

    [Fact]
    public async Task SearchArticles_Continuation_PagesWithoutRepeats()
    {
        await using var app = await StartWithArticlesAsync();
        var seen = new List<string>();
        string? continuation = null;
        do
        {
            var response = await SearchAsync(app, "q=parliament&sort=newest&limit=1" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)));
            seen.AddRange(response.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()!));
            continuation = response.Json.GetProperty("continuation").GetString();
        }
        while (continuation is not null && seen.Count < 10);

        Assert.Equal(["budget-vote", "orban-speech"], seen);
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("q=", "q")]
    [InlineData("q=%20%20", "q")]
    [InlineData("q=x&limit=0", "limit")]
    [InlineData("q=x&limit=51", "limit")]
    [InlineData("q=x&limit=ten", "limit")]
    [InlineData("q=x&sort=oldest", "sort")]
    [InlineData("q=x&tag=Not%20A%20Slug", "tag")]
    [InlineData("q=x&section=..", "section")]
    [InlineData("q=x&from=yesterday", "from")]
    [InlineData("q=x&from=2025-03-02&to=2025-03-01", "to")]
    [InlineData("q=x&continuation=garbage", "continuation")]
    public async Task SearchArticles_InvalidParameter_Returns400Problem(string query, string field)
    {
        await using var app = await TestApp.StartAsync(azurite);

        var response = await SearchAsync(app, query);

        Assert.Equal(400, response.Status);
        Assert.Equal("application/problem+json", response.MediaType);
        Assert.NotEmpty(response.ErrorsFor(field));
    }

    [Fact]
    public async Task SearchArticles_ContinuationOfAnotherQuery_Returns400()
    {
        await using var app = await StartWithArticlesAsync();
        var page = await SearchAsync(app, "q=parliament&limit=1");
        var continuation = page.Json.GetProperty("continuation").GetString()!;

        var response = await SearchAsync(app, "q=budget&limit=1&continuation=" + Uri.EscapeDataString(continuation));

        Assert.Equal(400, response.Status);
        Assert.NotEmpty(response.ErrorsFor("continuation"));
    }

    [Fact]
    public async Task SearchArticles_QueryOf10KB_Returns400()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var response = await SearchAsync(app, "q=" + new string('a', 10 * 1024));

        Assert.Equal(400, response.Status);
    }

    /// <summary>Random text, Lucene syntax and control characters: each gets a 200 or a 400, never anything else.</summary>
    [Fact]
    public async Task SearchArticles_HostileQueries_AnswerOnly200Or400()
    {
        await using var app = await StartWithArticlesAsync();
        var random = new Random(20250301);
        const string alphabet = "ab orbán\"\"--**||++()~^:\\/[]{}!?&%$#@'`.,;<>\u0000\u0001\u001f\u007f\t\r\n\u00a0\u200b\ud83d\ude00";
        var queries = new List<string>
        {
            "title:x AND (", "\"unbalanced", "unbalanced\"", "\"\"\"", "((((", "))))", "*", "-", "-*", "|", "+", "~2", "\\", "a\\",
            "\"a b\"~", "*:*", "a* b* c* d* e* f* g* h*", "[a TO z]", "{!lucene}x", "\u0000", "\ud800", "a\u0000b", new string('"', 200),
            string.Concat(Enumerable.Repeat("a* ", 66)), string.Concat(Enumerable.Repeat("(a|", 66)),
        };
        for (var i = 0; i < 10_000; i++)
        {
            queries.Add(new string(Enumerable.Range(0, random.Next(1, 60)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()));
        }

        var statuses = new Dictionary<int, int>();
        foreach (var query in queries)
        {
            var response = await SearchAsync(app, "q=" + Uri.EscapeDataString(query));
            statuses[response.Status] = statuses.GetValueOrDefault(response.Status) + 1;
            Assert.True(response.Status is 200 or 400, $"{response.Status} for {Convert.ToHexString(Encoding.UTF8.GetBytes(query))}");
            var suggest = await SuggestAsync(app, "q=" + Uri.EscapeDataString(query));
            Assert.True(suggest.Status is 200 or 400, $"suggest {suggest.Status} for {Convert.ToHexString(Encoding.UTF8.GetBytes(query))}");
        }
        Assert.True(statuses.GetValueOrDefault(200) > 9_000);
    }

    [Fact]
    public async Task SuggestTitles_Prefix_CompletesTitles()
    {
        await using var app = await StartWithArticlesAsync();

        var response = await SuggestAsync(app, "q=orb");

        Assert.Equal(200, response.Status);
        var item = Assert.Single(response.Json.GetProperty("items").EnumerateArray());
        Assert.Equal("Orbán Speaks in Parliament", item.GetProperty("title").GetString());
        Assert.Equal("/api/articles/orban-speech", item.GetProperty("url").GetString());
    }

    [Fact]
    public async Task SuggestTitles_NoQuery_Returns400()
    {
        await using var app = await TestApp.StartAsync(azurite);

        Assert.Equal(400, (await SuggestAsync(app, "q=")).Status);
    }

    private async Task<TestApp> StartWithArticlesAsync()
    {
        var app = await TestApp.StartAsync(azurite);
        await PublishAsync(app, "orban-speech", new ArticleFileBuilder().WithTitle("Orbán Speaks in Parliament")
            .WithPublished("2025-03-01T10:00:00+01:00").WithBody("The prime minister addressed parliament.\n"));
        await PublishAsync(app, "budget-vote", new ArticleFileBuilder().WithTitle("Parliament Votes on the Budget")
            .WithPublished("2025-03-02T10:00:00+01:00").WithBody("The budget passed.\n"));
        return app;
    }

    private static async Task PublishAsync(TestApp app, string slug, ArticleFileBuilder file)
    {
        await app.Container(BudapestPost.Functions.Storage.StorageOptions.ArticlesContainer).GetBlobClient(slug + ".md").UploadAsync(new BinaryData(file.Build()), overwrite: true);
        await app.Get<SearchIndexer>().ApplyAsync(slug + ".md", default);
    }

    private static async Task<HttpResult> SearchAsync(TestApp app, string query, params (string Name, string Value)[] headers)
    {
        var exchange = new HttpExchange("GET", "/api/search", query);
        foreach (var (name, value) in headers)
        {
            exchange.WithHeader(name, value);
        }
        return await exchange.ExecuteAsync(await app.Create<SearchHttp>().SearchArticles(exchange.Request, default));
    }

    private static async Task<HttpResult> SuggestAsync(TestApp app, string query)
    {
        var exchange = new HttpExchange("GET", "/api/search/suggest", query);
        return await exchange.ExecuteAsync(await app.Create<SearchHttp>().SuggestTitles(exchange.Request, default));
    }
}
