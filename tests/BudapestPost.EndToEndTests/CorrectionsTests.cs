using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

[Collection(FunctionAppCollection.Name)]
public sealed class CorrectionsTests(FunctionAppFixture app)
{
    private const string Text = "An earlier version said the vote was on Monday; it was on Tuesday.";
    private readonly ArticleApi _api = new(app);

    [Fact]
    public async Task ReaderReportThenCorrection_ArticleShowsItLogListsItReportResolvedQueueDrops()
    {
        var slug = await PublishAsync("corrected");
        var before = await app.Client.GetAsync($"api/articles/{slug}");
        var reported = await app.Client.PostAsJsonAsync($"api/articles/{slug}/feedback", new { kind = "inaccuracy", message = "The vote was on Tuesday." });
        var reportId = (await reported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(1, await QueueCountAsync("new", slug));

        var posted = await PostCorrectionAsync(slug, new { text = Text, feedback = new[] { reportId } });

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.StartsWith($"/api/articles/{slug}#correction-", posted.Headers.Location!.OriginalString);
        var article = await Eventually.Until(
            () => app.Client.GetFromJsonAsync<JsonElement>($"api/articles/{slug}"),
            json => json.GetProperty("corrections").GetArrayLength() == 1);
        Assert.Equal(Text, article.GetProperty("corrections")[0].GetProperty("text").GetString());
        Assert.NotEqual(before.Headers.ETag, (await app.Client.GetAsync($"api/articles/{slug}")).Headers.ETag);
        var log = await app.Client.GetFromJsonAsync<JsonElement>("api/corrections?limit=100");
        Assert.Contains(log.GetProperty("items").EnumerateArray(), item => item.GetProperty("slug").GetString() == slug);
        var report = await (await app.Host.EditorAsync()).GetFromJsonAsync<JsonElement>($"api/feedback/{slug}/{reportId}");
        Assert.Equal(("resolved", "corrected"), (report.GetProperty("status").GetString(), report.GetProperty("resolution").GetString()));
        Assert.Equal((0, 1), (await QueueCountAsync("new", slug), await QueueCountAsync("resolved", slug)));
        var fed = await Eventually.Until(() => CorrectionFeedItemAsync(slug), item => item is not null);
        Assert.Equal(($"Correction: {article.GetProperty("title").GetString()}", Text), (fed!.Element("title")!.Value, fed.Element("description")!.Value));
        Assert.Equal($"{article.GetProperty("canonicalUrl").GetString()}#{posted.Headers.Location!.OriginalString.Split('#')[1]}", fed.Element("link")!.Value);
    }

    [Fact]
    public async Task ConcurrentCorrections_EveryAcceptedOneIsPublished()
    {
        var slug = await PublishAsync("concurrent");

        var responses = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => PostCorrectionAsync(slug, new { text = $"Fix number {i}." })));

        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.PreconditionFailed }));
        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.True(accepted > 0);
        await Eventually.Until(
            () => app.Client.GetFromJsonAsync<JsonElement>($"api/articles/{slug}"),
            json => json.GetProperty("corrections").GetArrayLength() == accepted);
    }

    [Fact]
    public async Task CorrectionOnRetractedArticle_Is410()
    {
        var slug = ArticleApi.NewSlug("retracted");
        await _api.UploadAsync(slug, new ArticleFileBuilder().WithStatus("retracted"));
        await Eventually.Until(async () => (await app.Client.GetAsync($"api/articles/{slug}")).StatusCode, status => status == HttpStatusCode.Gone);

        var posted = await PostCorrectionAsync(slug, new { text = Text });

        Assert.Equal(HttpStatusCode.Gone, posted.StatusCode);
        Assert.Equal("application/problem+json", posted.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> PublishAsync(string prefix)
    {
        var slug = ArticleApi.NewSlug(prefix);
        await _api.UploadAsync(slug, new ArticleFileBuilder());
        await _api.WaitUntilListedAsync(slug);
        return slug;
    }

    /// <summary>The article's reports in a status as the editors' queue counts them (0 when it is not in the queue).</summary>
    private async Task<int> QueueCountAsync(string status, string slug)
    {
        string? continuation = null;
        do
        {
            var page = await (await app.Host.EditorAsync()).GetFromJsonAsync<JsonElement>(
                $"api/feedback/articles?status={status}&limit=100" +
                (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)));
            foreach (var item in page.GetProperty("items").EnumerateArray().Where(item => item.GetProperty("slug").GetString() == slug))
            {
                return item.GetProperty("count").GetInt32();
            }
            continuation = page.GetProperty("continuation").GetString();
        } while (continuation is not null);
        return 0;
    }

    /// <summary>The article's item in the corrections RSS feed, or null while it has none.</summary>
    private async Task<XElement?> CorrectionFeedItemAsync(string slug)
    {
        using var response = await app.Client.GetAsync("api/feeds/corrections/rss.xml");
        return response.StatusCode != HttpStatusCode.OK ? null
            : XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants("item")
                .SingleOrDefault(item => item.Element("guid")!.Value.StartsWith(slug + "/", StringComparison.Ordinal));
    }

    private async Task<HttpResponseMessage> PostCorrectionAsync(string slug, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/articles/{slug}/corrections") { Content = JsonContent.Create(body) };
        return await (await app.Host.EditorAsync()).SendAsync(request);
    }
}
