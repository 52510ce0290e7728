using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>
/// Real responses of the running app, checked against the schemas of the OpenAPI document the app
/// itself serves: every status and body a client sees here is one the document promises.
/// </summary>
[Collection(FunctionAppCollection.Name)]
public sealed class OpenApiConformanceTests(FunctionAppFixture app)
{
    private const string Key = FunctionAppFixture.FunctionKey;

    private readonly ArticleApi _api = new(app);

    private async Task<OpenApiContract> ServedContractAsync()
    {
        var response = await app.Client.GetAsync("api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new OpenApiContract(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends the request and asserts the status and that the body matches the documented schema.</summary>
    private async Task<JsonElement> ConformsAsync(
        OpenApiContract contract, HttpRequestMessage request, string documentedPath, HttpStatusCode expected)
    {
        // Editor routes need a signed-in editor; the key routes (PUT) ignore the session.
        using var response = await (await app.Host.AdminAsync()).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{request.Method} {request.RequestUri}: {(int)response.StatusCode} {body}");

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var schema = contract.ResponseSchema(documentedPath, request.Method.Method.ToLowerInvariant(), (int)expected, mediaType);
        Assert.Empty(contract.Violations(schema, body));
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static HttpRequestMessage Get(string uri) => new(HttpMethod.Get, uri);

    private static HttpRequestMessage WithKey(HttpRequestMessage request)
    {
        request.Headers.Add("x-functions-key", Key);
        return request;
    }

    [Fact]
    public async Task Served_Document_IsCacheableWithAnETag()
    {
        var first = await app.Client.GetAsync("api/openapi.json");
        using var again = Get("api/openapi.json");
        again.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());

        var revalidated = await app.Client.SendAsync(again);

        Assert.Equal("application/json", first.Content.Headers.ContentType?.MediaType);
        Assert.True(first.Headers.CacheControl?.Public);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task ArticleRoutes_AnswerAsDocumented()
    {
        var contract = await ServedContractAsync();
        var slug = ArticleApi.NewSlug("openapi");
        await _api.UploadAsync(slug, new ArticleFileBuilder().WithTags("openapi", "contract").WithSection("europe"));
        await _api.WaitUntilListedAsync(slug);

        await ConformsAsync(contract, Get("api/articles?limit=5"), "/articles", HttpStatusCode.OK);
        await ConformsAsync(contract, Get("api/articles?tag=openapi"), "/articles", HttpStatusCode.OK);
        await ConformsAsync(contract, Get("api/articles?limit=0"), "/articles", HttpStatusCode.BadRequest);
        var article = await ConformsAsync(contract, Get($"api/articles/{slug}"), "/articles/{slug}", HttpStatusCode.OK);
        await ConformsAsync(contract, Get("api/articles/no-such-article"), "/articles/{slug}", HttpStatusCode.NotFound);
        await ConformsAsync(contract, Get("api/articles/Not_A_Slug"), "/articles/{slug}", HttpStatusCode.BadRequest);
        await Eventually.Until(async () => (await app.Client.GetAsync($"api/articles/{slug}/related")).StatusCode, s => s == HttpStatusCode.OK);
        await ConformsAsync(contract, Get($"api/articles/{slug}/related"), "/articles/{slug}/related", HttpStatusCode.OK);
        await ConformsAsync(contract, Get("api/articles/no-such-article/related"), "/articles/{slug}/related", HttpStatusCode.NotFound);

        Assert.Equal(slug, article.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task PutArticle_AnswersAsDocumented()
    {
        var contract = await ServedContractAsync();
        var slug = ArticleApi.NewSlug("openapi-put");

        using var valid = WithKey(new HttpRequestMessage(HttpMethod.Put, $"api/articles/{slug}")
        {
            Content = new ByteArrayContent(new ArticleFileBuilder().Build()) { Headers = { ContentType = new("text/markdown") } },
        });
        await ConformsAsync(contract, valid, "/articles/{slug}", HttpStatusCode.Accepted);
        using var invalid = WithKey(new HttpRequestMessage(HttpMethod.Put, $"api/articles/{slug}")
        {
            Content = new ByteArrayContent(new ArticleFileBuilder().Without("title").Build()) { Headers = { ContentType = new("text/markdown") } },
        });
        await ConformsAsync(contract, invalid, "/articles/{slug}", HttpStatusCode.BadRequest);
        using var wrongType = WithKey(new HttpRequestMessage(HttpMethod.Put, $"api/articles/{slug}") { Content = JsonContent.Create(new { }) });
        await ConformsAsync(contract, wrongType, "/articles/{slug}", HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task FeedbackRoutes_AnswerAsDocumented()
    {
        var contract = await ServedContractAsync();
        var slug = ArticleApi.NewSlug("openapi-fb");
        await _api.UploadAsync(slug, new ArticleFileBuilder());
        await _api.WaitUntilListedAsync(slug);

        var receipt = await ConformsAsync(contract, new HttpRequestMessage(HttpMethod.Post, $"api/articles/{slug}/feedback")
        {
            Content = JsonContent.Create(new { kind = "inaccuracy", message = "The summit was in The Hague.", quote = "Brussels", name = "Anna" }),
        }, "/articles/{slug}/feedback", HttpStatusCode.Created);
        await ConformsAsync(contract, new HttpRequestMessage(HttpMethod.Post, $"api/articles/{slug}/feedback")
        {
            Content = JsonContent.Create(new { kind = "rumour", message = "short" }),
        }, "/articles/{slug}/feedback", HttpStatusCode.BadRequest);
        await ConformsAsync(contract, new HttpRequestMessage(HttpMethod.Post, "api/articles/no-such-article/feedback")
        {
            Content = JsonContent.Create(new { kind = "typo", message = "A typo in the second paragraph." }),
        }, "/articles/{slug}/feedback", HttpStatusCode.NotFound);

        var id = receipt.GetProperty("id").GetString();
        await ConformsAsync(contract, Get($"api/feedback?article={slug}"), "/feedback", HttpStatusCode.OK);
        await ConformsAsync(contract, Get("api/feedback?status=unknown"), "/feedback", HttpStatusCode.BadRequest);
        await ConformsAsync(contract, Get("api/feedback/articles?status=new&limit=5"), "/feedback/articles", HttpStatusCode.OK);
        await ConformsAsync(contract, Get("api/feedback/articles?status=unknown"), "/feedback/articles", HttpStatusCode.BadRequest);
        using var read = Get($"api/feedback/{slug}/{id}");
        using var readResponse = await (await app.Host.EditorAsync()).SendAsync(read);
        await ConformsAsync(contract, Get($"api/feedback/{slug}/{id}"), "/feedback/{slug}/{id}", HttpStatusCode.OK);
        await ConformsAsync(contract, Get($"api/feedback/{slug}/0000000000000000000-aaaaaaaaaaaa"), "/feedback/{slug}/{id}", HttpStatusCode.NotFound);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"api/feedback/{slug}/{id}") { Content = JsonContent.Create(new { status = "triaged", note = "Checking." }) };
        await ConformsAsync(contract, new HttpRequestMessage(HttpMethod.Patch, $"api/feedback/{slug}/{id}") { Content = JsonContent.Create(new { status = "triaged" }) },
            "/feedback/{slug}/{id}", HttpStatusCode.PreconditionRequired);
        patch.Headers.TryAddWithoutValidation("If-Match", readResponse.Headers.ETag!.ToString());
        await ConformsAsync(contract, patch, "/feedback/{slug}/{id}", HttpStatusCode.OK);
        using var stale = new HttpRequestMessage(HttpMethod.Patch, $"api/feedback/{slug}/{id}") { Content = JsonContent.Create(new { status = "resolved" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", readResponse.Headers.ETag!.ToString());
        await ConformsAsync(contract, stale, "/feedback/{slug}/{id}", HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task OperationRoutes_AnswerAsDocumented()
    {
        var contract = await ServedContractAsync();

        await ConformsAsync(contract, Get("api/health"), "/health", HttpStatusCode.OK);
        await ConformsAsync(contract, new HttpRequestMessage(HttpMethod.Post, "api/admin/reindex"), "/admin/reindex", HttpStatusCode.OK);
        await ConformsAsync(contract, new HttpRequestMessage(HttpMethod.Post, "api/admin/feedback/queue/rebuild"), "/admin/feedback/queue/rebuild", HttpStatusCode.OK);
        await ConformsAsync(contract, Get("api/openapi.json"), "/openapi.json", HttpStatusCode.OK);
    }
}
