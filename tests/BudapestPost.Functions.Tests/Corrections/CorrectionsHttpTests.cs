using System.Text.Json;
using System.Text;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Corrections;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Tests.Feedback;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Corrections;

[Collection(AzuriteCollection.Name)]
public sealed class CorrectionsHttpTests(AzuriteFixture azurite)
{
    private const string Slug = "budget-vote";
    private const string Text = "An earlier version gave the wrong day of the summit: it was Tuesday.";

    [Fact]
    public async Task PostCorrection_ReportedArticle_AppendsCorrectionResolvesReportAndPublishes()
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder().WithTags("budget"));
        var reportId = await ReportAsync(app);

        var response = await PostAsync(app, Slug, $$"""{"text":"{{Text}}","feedback":["{{reportId}}"]}""");

        Assert.Equal(202, response.Status);
        var link = $"/api/articles/{Slug}#correction-20261124T093000Z";
        Assert.Equal(link, response.Headers.Location.ToString());
        var report = await app.Get<FeedbackTriage>().GetAsync(Slug, reportId, default);
        Assert.Equal(("resolved", "corrected", link, HttpExchange.Editor.Name), (report!.Status, report.Resolution, report.Correction, report.UpdatedBy));
        await PublishStoredFileAsync(app);
        var article = JsonSerializer.Deserialize<PublishedArticle>(
            (await app.Get<ArticleReader>().GetAsync(Slug, default)).Body!.Utf8, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal([new Correction(FeedbackTestApp.Start.AddMinutes(30), Text)], article.Corrections);
        Assert.Equal(FeedbackTestApp.Start.AddMinutes(30), article.Updated);
        Assert.Equal(["budget"], article.Tags);
        Assert.Equal(Text, Assert.Single((await ListAsync(app, "")).Json.GetProperty("items").EnumerateArray()).GetProperty("text").GetString());
    }

    [Fact]
    public async Task ListCorrections_PublishedCorrections_PagesNewestFirstAcrossArticles()
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder().WithTitle("Budget").WithCorrections(("2026-11-02T10:00:00Z", "First."), ("2026-11-04T10:00:00Z", "Third.")).WithPublished("2026-11-01T10:00:00Z"));
        await UploadAndPublishAsync(app, new ArticleFileBuilder().WithTitle("Other").WithCorrections(("2026-11-03T10:00:00Z", "Second.")).WithPublished("2026-11-01T10:00:00Z"), "other-article");

        var first = await ListAsync(app, "limit=2");
        var second = await ListAsync(app, "limit=2&continuation=" + Uri.EscapeDataString(first.Json.GetProperty("continuation").GetString()!));

        Assert.Equal(["Third.", "Second."], Texts(first));
        Assert.Equal(["First."], Texts(second));
        var item = first.Json.GetProperty("items")[1];
        Assert.Equal(("other-article", "Other", "/api/articles/other-article", false), (item.GetProperty("slug").GetString(), item.GetProperty("title").GetString(),
            item.GetProperty("url").GetString(), item.GetProperty("retracted").GetBoolean()));
    }

    [Fact]
    public async Task ListCorrections_ArticleRetractedLater_KeepsItsCorrectionsMarked()
    {
        await using var app = await StartAsync();
        var file = new ArticleFileBuilder().WithCorrections(("2026-11-24T09:10:00Z", "Fixed."));
        await UploadAndPublishAsync(app, file);

        await UploadAndPublishAsync(app, file.WithStatus("retracted").Without("corrections"));

        var item = Assert.Single((await ListAsync(app, "")).Json.GetProperty("items").EnumerateArray());
        Assert.Equal(("Fixed.", true), (item.GetProperty("text").GetString(), item.GetProperty("retracted").GetBoolean()));
    }

    [Fact]
    public async Task ListCorrections_RepublishedUnchanged_WritesNoRow()
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder().WithCorrections(("2026-11-24T09:10:00Z", "Fixed.")));
        var before = app.Table(names => names.CorrectionsTable).Query<Azure.Data.Tables.TableEntity>().Select(e => e.ETag).ToList();

        await UploadAndPublishAsync(app, new ArticleFileBuilder().WithCorrections(("2026-11-24T09:10:00Z", "Fixed.")).WithTags("budget"));

        Assert.Equal(before, app.Table(names => names.CorrectionsTable).Query<Azure.Data.Tables.TableEntity>().Select(e => e.ETag).ToList());
    }

    [Fact]
    public async Task ListCorrections_ForeignContinuation_Is400()
    {
        await using var app = await StartAsync();

        Assert.Equal(400, (await ListAsync(app, "continuation=bm90LW91cnM")).Status);
    }

    [Fact]
    public async Task PostCorrection_WithBody_ReplacesTheBody()
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder());

        var response = await PostAsync(app, Slug, $$"""{"text":"{{Text}}","body":"The summit was on **Tuesday**."}""");

        Assert.Equal(202, response.Status);
        var stored = (await StoredArticleAsync(app))!;
        Assert.Equal("The summit was on **Tuesday**.", stored.Body);
        Assert.Equal(Text, Assert.Single(stored.Corrections).Text);
    }

    [Fact]
    public async Task PostCorrection_SentTwice_AppendsOnceAndStillResolves()
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder());
        var reportId = await ReportAsync(app);
        await PostAsync(app, Slug, $$"""{"text":"{{Text}}"}""");

        var retry = await PostAsync(app, Slug, $$"""{"text":"{{Text}}","feedback":["{{reportId}}"]}""");

        Assert.Equal(202, retry.Status);
        Assert.Single((await StoredArticleAsync(app))!.Corrections);
        Assert.Equal("corrected", (await app.Get<FeedbackTriage>().GetAsync(Slug, reportId, default))!.Resolution);
    }

    [Fact]
    public async Task PostCorrection_ConcurrentCorrections_LoseNoWrite()
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder());

        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => PostAsync(app, Slug, $$"""{"text":"Fix {{i}}."}""")));

        Assert.All(responses, r => Assert.Contains(r.Status, new[] { 202, 412 }));
        var accepted = responses.Where(r => r.Status == 202).Select(r => r.Json.GetProperty("text").GetString()!).Order().ToList();
        Assert.NotEmpty(accepted);
        Assert.Equal(accepted, (await StoredArticleAsync(app))!.Corrections.Select(c => c.Text).Order().ToList());
    }

    [Fact]
    public async Task TryReplaceAsync_FileChangedSinceRead_WritesNothing()
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder());
        var files = app.Get<ArticleFiles>();
        var read = await files.DownloadAsync(Slug + ".md", default);
        await files.UploadAsync(Slug, new ArticleFileBuilder().WithTitle("Edited meanwhile").Build(), default);

        var replaced = await files.TryReplaceAsync(Slug, new ArticleFileBuilder().WithTitle("Stale").Build(), read!.Version.ETag, default);

        Assert.False(replaced);
        Assert.Equal("Edited meanwhile", (await StoredArticleAsync(app))!.Title);
    }

    [Fact]
    public async Task PostCorrection_RetractedArticle_IsGoneAndStoresNothing()
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder().WithStatus("retracted"));

        var response = await PostAsync(app, Slug, $$"""{"text":"{{Text}}"}""");

        Assert.Equal(410, response.Status);
        Assert.Empty((await StoredArticleAsync(app))!.Corrections);
    }

    [Fact]
    public async Task PostCorrection_UnknownReport_Is422AndStoresNothing()
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder());
        var otherArticleReport = await ReportAsync(app, "other-article");

        var response = await PostAsync(app, Slug, $$"""{"text":"{{Text}}","feedback":["{{otherArticleReport}}"]}""");

        Assert.Equal(422, response.Status);
        Assert.Contains(otherArticleReport, response.Json.GetProperty("detail").GetString());
        Assert.Empty((await StoredArticleAsync(app))!.Corrections);
    }

    [Fact]
    public async Task PostCorrection_UnknownArticle_Is404()
    {
        await using var app = await StartAsync();

        Assert.Equal(404, (await PostAsync(app, "no-such-article", $$"""{"text":"{{Text}}"}""")).Status);
    }

    [Theory]
    [InlineData("""{"feedback":[]}""", "text")]
    [InlineData("""{"text":"  "}""", "text")]
    [InlineData("""{"text":"Fixed.","feedback":"01"}""", "feedback")]
    [InlineData("""{"text":"Fixed.","feedback":["not-an-id"]}""", "feedback")]
    [InlineData("""{"text":"Fixed.","body":""}""", "body")]
    [InlineData("""{"text":"Fixed.","by":"Jane"}""", "by")]
    public async Task PostCorrection_BadField_Is400WithThatField(string body, string field)
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder());

        var response = await PostAsync(app, Slug, body);

        Assert.Equal(400, response.Status);
        Assert.NotEmpty(response.ErrorsFor(field));
        Assert.Empty((await StoredArticleAsync(app))!.Corrections);
    }

    [Fact]
    public async Task PostCorrection_FiftyFirstCorrection_Is400()
    {
        await using var app = await StartAsync();
        await UploadAndPublishAsync(app, new ArticleFileBuilder().WithCorrections(
            Enumerable.Range(1, 50).Select(i => ($"2026-11-01T10:{i:D2}:00Z", $"Fix {i}.")).ToArray()).WithPublished("2026-10-01T10:00:00Z"));

        var response = await PostAsync(app, Slug, $$"""{"text":"{{Text}}"}""");

        Assert.Equal(400, response.Status);
        Assert.Contains("Must have at most 50 entries.", response.ErrorsFor("corrections"));
    }

    private Task<TestApp> StartAsync() =>
        FeedbackTestApp.StartAsync(azurite, new FakeTimeProvider(FeedbackTestApp.Start.AddMinutes(30)));

    private static async Task<string> ReportAsync(TestApp app, string slug = Slug)
    {
        if (slug != Slug)
        {
            await app.PublishAsync(slug);
        }
        var response = await app.SendAsync(FeedbackTestApp.Post(slug, FeedbackTestApp.ValidBody), slug);
        return response.Json.GetProperty("id").GetString()!;
    }

    private static Task UploadAndPublishAsync(TestApp app, ArticleFileBuilder file, string slug = Slug) => app.UploadAndPublishAsync(slug, file);

    private static Task PublishStoredFileAsync(TestApp app, string slug = Slug) => app.PublishStoredFileAsync(slug);

    private static async Task<HttpResult> ListAsync(TestApp app, string query)
    {
        var exchange = new HttpExchange("GET", "/api/corrections", query);
        return await app.SendAsync(exchange, () => app.Create<CorrectionsHttp>().ListCorrections(exchange.Request, default));
    }

    private static List<string> Texts(HttpResult page) =>
        page.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()!).ToList();

    private static async Task<Article?> StoredArticleAsync(TestApp app) =>
        (await app.Get<ArticleFiles>().DownloadAsync(Slug + ".md", default))!.Parse().Value;

    private static async Task<HttpResult> PostAsync(TestApp app, string slug, string body)
    {
        var exchange = new HttpExchange("POST", $"/api/articles/{slug}/corrections").WithBody(Encoding.UTF8.GetBytes(body), "application/json");
        return await app.SendAsync(exchange, () => app.Create<CorrectionsHttp>().PostCorrection(exchange.Request, slug, default));
    }
}
