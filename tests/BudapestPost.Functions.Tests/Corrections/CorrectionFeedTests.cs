using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Site;
using BudapestPost.Functions.Tests.Feedback;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using CodeHollow.FeedReader;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Corrections;

/// <summary>The corrections feed (<c>/api/feeds/corrections/…</c>), written with the corrections log, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CorrectionFeedTests(AzuriteFixture azurite)
{
    private const string Published = "2026-11-01T10:00:00Z";

    [Fact]
    public async Task Rss_CorrectionsOfTwoArticles_NewestFirstLinkedToTheirAnchors()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.UploadAndPublishAsync("budget-vote", Article("Budget vote").WithCorrections(("2026-11-02T10:00:00Z", "First."), ("2026-11-04T10:00:00+01:00", "Third.")));
        await app.UploadAndPublishAsync("other-article", Article("Other & more").WithCorrections(("2026-11-03T10:00:00Z", "Second.")));

        var response = await GetAsync(app, "rss.xml");

        Assert.Equal((200, "application/rss+xml"), (response.Status, response.MediaType));
        var feed = Read(response.Body, new Rss20FeedFormatter());
        Assert.Equal("Budapest Post: corrections", feed.Title.Text);
        Assert.Equal(["Correction: Budget vote", "Correction: Other & more", "Correction: Budget vote"], feed.Items.Select(i => i.Title.Text));
        Assert.Equal(["Third.", "Second.", "First."], feed.Items.Select(i => i.Summary.Text));
        var newest = feed.Items.First();
        Assert.Equal(ArticleUrl(app, "budget-vote") + "#correction-20261104T090000Z", newest.Links.Single().Uri.AbsoluteUri);
        Assert.Equal(DateTimeOffset.Parse("2026-11-04T09:00:00Z"), newest.PublishDate);
        Assert.Equal("budget-vote/correction-20261104T090000Z", newest.Id);
        var parsed = FeedReader.ReadFromString(response.Body);
        Assert.Equal((FeedType.Rss_2_0, 3), (parsed.Type, parsed.Items.Count));
    }

    [Fact]
    public async Task Atom_Correction_ParsesWithItsDateAndText()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.UploadAndPublishAsync("budget-vote", Article("Budget vote").WithCorrections(("2026-11-02T10:00:00Z", "The vote was on <Tuesday>.")));

        var response = await GetAsync(app, "atom.xml");

        Assert.Equal((200, "application/atom+xml"), (response.Status, response.MediaType));
        var entry = Assert.Single(Read(response.Body, new Atom10FeedFormatter()).Items);
        Assert.Equal(("Correction: Budget vote", "The vote was on <Tuesday>."), (entry.Title.Text, entry.Summary.Text));
        Assert.Equal(DateTimeOffset.Parse("2026-11-02T10:00:00Z"), entry.LastUpdatedTime);
        var parsed = FeedReader.ReadFromString(response.Body);
        Assert.Equal(FeedType.Atom, parsed.Type);
        Assert.Equal(ArticleUrl(app, "budget-vote") + "#correction-20261102T100000Z", Assert.Single(parsed.Items).Link);
    }

    [Fact]
    public async Task Feed_ArticleRetracted_KeepsItsCorrectionsWithTheRetractionNoted()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        var file = Article("Budget vote").WithCorrections(("2026-11-02T10:00:00Z", "Fixed."));
        await app.UploadAndPublishAsync("budget-vote", file);

        await app.UploadAndPublishAsync("budget-vote", file.WithStatus("retracted").Without("corrections"));

        var item = Assert.Single(Read((await GetAsync(app, "rss.xml")).Body, new Rss20FeedFormatter()).Items);
        Assert.Equal("Fixed. (The article has since been retracted.)", item.Summary.Text);
    }

    [Fact]
    public async Task Feed_MoreThanFiftyCorrections_KeepsTheNewestFifty()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        var days = Enumerable.Range(0, 50).Select(i => ($"2026-11-02T10:{i:D2}:00Z", $"Fix {i}.")).ToArray();
        await app.UploadAndPublishAsync("budget-vote", Article("Budget vote").WithCorrections(days));

        await app.UploadAndPublishAsync("other-article", Article("Other").WithCorrections(("2026-11-01T11:00:00Z", "Older than all."), ("2026-11-03T10:00:00Z", "Newest.")));

        var items = Read((await GetAsync(app, "rss.xml")).Body, new Rss20FeedFormatter()).Items.ToList();
        Assert.Equal(50, items.Count);
        Assert.Equal("Newest.", items[0].Summary.Text);
        Assert.Equal("Fix 1.", items[^1].Summary.Text);
    }

    [Fact]
    public async Task Feed_RepublishedUnchanged_IsNotWrittenAgain()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        var file = Article("Budget vote").WithCorrections(("2026-11-02T10:00:00Z", "Fixed."));
        await app.UploadAndPublishAsync("budget-vote", file);
        var etag = (await GetAsync(app, "atom.xml")).Headers.ETag.ToString();

        await app.UploadAndPublishAsync("budget-vote", file.WithTags("budget"));

        Assert.Equal(304, (await GetAsync(app, "atom.xml", etag)).Status);
    }

    [Fact]
    public async Task Feed_MissingWhileTheLogHasCorrections_StartsFromTheLog()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);
        await app.UploadAndPublishAsync("budget-vote", Article("Budget vote").WithCorrections(("2026-11-02T10:00:00Z", "Earlier.")));
        var container = app.Get<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(app.Get<IOptions<Functions.Storage.StorageOptions>>().Value.IndexesContainer);
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, FeedRenderer.CorrectionsPath, default))
        {
            await container.DeleteBlobAsync(blob.Name);
        }
        Assert.Equal(404, (await GetAsync(app, "rss.xml")).Status);

        await app.UploadAndPublishAsync("other-article", Article("Other").WithCorrections(("2026-11-03T10:00:00Z", "Later.")));

        var items = Read((await GetAsync(app, "rss.xml")).Body, new Rss20FeedFormatter()).Items;
        Assert.Equal(["Later.", "Earlier."], items.Select(i => i.Summary.Text));
    }

    [Fact]
    public async Task Feed_UnknownFile_Is404Problem()
    {
        await using var app = await FeedbackTestApp.StartAsync(azurite);

        var response = await GetAsync(app, "index.html");

        Assert.Equal((404, "application/problem+json"), (response.Status, response.MediaType));
    }

    private static ArticleFileBuilder Article(string title) => new ArticleFileBuilder().WithTitle(title).WithPublished(Published);

    private static string ArticleUrl(TestApp app, string slug) => app.Get<IOptions<SiteOptions>>().Value.ArticleUrl(slug).AbsoluteUri;


    private static async Task<HttpResult> GetAsync(TestApp app, string file, string? ifNoneMatch = null)
    {
        var exchange = new HttpExchange("GET", "/api/feeds/corrections/" + file);
        if (ifNoneMatch is not null)
        {
            exchange.WithHeader("If-None-Match", ifNoneMatch);
        }
        return await exchange.ExecuteAsync(await app.Create<FeedsHttp>().GetCorrectionsFeed(exchange.Request, file, default));
    }

    private static SyndicationFeed Read(string xml, SyndicationFeedFormatter formatter)
    {
        using var reader = XmlReader.Create(new MemoryStream(Encoding.UTF8.GetBytes(xml)));
        formatter.ReadFrom(reader);
        return formatter.Feed;
    }
}
