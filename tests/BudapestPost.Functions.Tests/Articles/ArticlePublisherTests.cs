using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;

namespace BudapestPost.Functions.Tests.Articles;

[Collection(AzuriteCollection.Name)]
public sealed class ArticlePublisherTests(AzuriteFixture azurite)
{
    private static readonly SourceVersion Source = new("\"0x1\"", DateTimeOffset.Parse("2025-02-14T10:00:00Z"));

    [Fact]
    public async Task PublishAsync_ValidFile_MakesItLiveAndListed()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var file = new ArticleFileBuilder().WithTags("nato", "defence");

        var outcome = await Publish(app, "nato-chief.md", file.Build());

        Assert.Equal(PublishOutcome.Published, outcome);
        var entry = await app.Get<ArticleCatalog>().FindAsync("nato-chief", default);
        Assert.Equal("published", entry!.Status);
        var rendered = await app.Get<PublishedArticles>().ReadAsync("nato-chief", entry.ContentHash!, default);
        Assert.Contains("<h2 id=\"what-he-asked-for\">What he asked for</h2>", rendered!.Html);
        Assert.Equal(["nato-chief"], (await ListSlugs(app, null)));
        Assert.Equal(["nato-chief"], (await ListSlugs(app, "defence")));
    }

    [Fact]
    public async Task PublishAsync_SameContentTwice_WritesNothingTheSecondTime()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var file = new ArticleFileBuilder().Build();
        await Publish(app, "same.md", file);
        var before = await app.Get<ArticleCatalog>().FindAsync("same", default);

        var outcome = await Publish(app, "same.md", file);

        Assert.Equal(PublishOutcome.Unchanged, outcome);
        Assert.Equal(before!.ETag, (await app.Get<ArticleCatalog>().FindAsync("same", default))!.ETag);
    }

    [Fact]
    public async Task PublishAsync_InvalidFile_RecordsReasonAndKeepsLiveVersion()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Publish(app, "kept.md", new ArticleFileBuilder().WithTitle("The live title").Build());

        var outcome = await Publish(app, "kept.md", new ArticleFileBuilder().Without("title").Build());

        Assert.Equal(PublishOutcome.Rejected, outcome);
        Assert.Equal("The live title", (await app.Get<ArticleCatalog>().FindAsync("kept", default))!.Title);
        var errors = PublishErrors(app, "kept");
        var error = Assert.Single(errors);
        Assert.Contains("\"field\":\"title\"", error.GetString("Errors"));
        Assert.Equal("kept.md", error.GetString("BlobName"));
    }

    [Fact]
    public async Task PublishAsync_InvalidFileName_RecordsUnderInvalidNamePartition()
    {
        await using var app = await TestApp.StartAsync(azurite);

        var outcome = await Publish(app, "Not A Slug.txt", new ArticleFileBuilder().Build());

        Assert.Equal(PublishOutcome.Rejected, outcome);
        Assert.Single(PublishErrors(app, PublishErrorLog.InvalidNamePartition));
    }

    [Theory]
    [InlineData("draft")]
    [InlineData("retracted")]
    public async Task PublishAsync_StatusNotPublished_RemovesFromListings(string status)
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Publish(app, "pulled.md", new ArticleFileBuilder().WithTags("nato").Build());

        await Publish(app, "pulled.md", new ArticleFileBuilder().WithTags("nato").WithStatus(status).Build(), Source with { LastModified = Source.LastModified.AddMinutes(1) });

        Assert.Empty(await ListSlugs(app, null));
        Assert.Empty(await ListSlugs(app, "nato"));
        Assert.Equal(status, (await app.Get<ArticleCatalog>().FindAsync("pulled", default))!.Status);
    }

    [Fact]
    public async Task PublishAsync_TagsChanged_MovesListingRows()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Publish(app, "moved.md", new ArticleFileBuilder().WithTags("old-tag").Build());

        await Publish(app, "moved.md", new ArticleFileBuilder().WithTags("new-tag").WithPublished("2025-02-20T08:00:00Z").Build(),
            Source with { LastModified = Source.LastModified.AddMinutes(1) });

        Assert.Empty(await ListSlugs(app, "old-tag"));
        Assert.Equal(["moved"], await ListSlugs(app, "new-tag"));
        Assert.Equal(["moved"], await ListSlugs(app, null));
    }

    [Fact]
    public async Task PublishAsync_OlderSourceThanLive_IsSuperseded()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Publish(app, "raced.md", new ArticleFileBuilder().WithTitle("Newer").Build(), Source);

        var outcome = await Publish(app, "raced.md", new ArticleFileBuilder().WithTitle("Older").Build(),
            Source with { LastModified = Source.LastModified.AddSeconds(-5) });

        Assert.Equal(PublishOutcome.Superseded, outcome);
        Assert.Equal("Newer", (await app.Get<ArticleCatalog>().FindAsync("raced", default))!.Title);
    }

    [Fact]
    public async Task PublishAsync_ConcurrentVersionsOfOneArticle_NewestWinsAndListingsMatchIt()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var versions = Enumerable.Range(0, 12).Select(i => (
            File: new ArticleFileBuilder().WithTitle($"Version {i}").WithTags($"tag-{i % 3}")
                .WithPublished(DateTimeOffset.Parse("2025-02-01T00:00:00Z").AddHours(i).ToString("O")).Build(),
            Source: Source with { LastModified = Source.LastModified.AddSeconds(i) })).ToList();

        await Task.WhenAll(versions.Select(v => Task.Run(() => Publish(app, "contended.md", v.File, v.Source))));

        Assert.Equal("Version 11", (await app.Get<ArticleCatalog>().FindAsync("contended", default))!.Title);
        Assert.Equal(["contended"], await ListSlugs(app, null));
        Assert.Equal(["contended"], await ListSlugs(app, "tag-2"));
        Assert.Empty(await ListSlugs(app, "tag-0"));
        Assert.Empty(await ListSlugs(app, "tag-1"));
        var listed = (await app.Get<ArticleCatalog>().ListAsync(null, 10, null, default))!.Items.Single();
        Assert.Equal("Version 11", listed.Title);
    }

    private static Task<PublishOutcome> Publish(TestApp app, string name, byte[] content, SourceVersion? source = null) =>
        app.Get<ArticlePublisher>().PublishAsync(new ArticleFile(name, content, source ?? Source), default);

    private static async Task<string[]> ListSlugs(TestApp app, string? tag) =>
        (await app.Get<ArticleCatalog>().ListAsync(tag, 100, null, default))!.Items.Select(r => r.Slug).ToArray();

    private static List<Azure.Data.Tables.TableEntity> PublishErrors(TestApp app, string partition) =>
        app.Table(names => names.PublishErrorsTable).Query<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == partition).ToList();
}
