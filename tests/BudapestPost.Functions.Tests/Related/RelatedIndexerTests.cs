using BudapestPost.Functions.Caching;
using System.Globalization;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Related;

[Collection(AzuriteCollection.Name)]
public sealed class RelatedIndexerTests(AzuriteFixture azurite)
{
    private readonly string _prefix = "r" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task ApplyAsync_HundredConcurrentPublishesOnFourInstances_EqualsSequentialRebuild()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var files = Enumerable.Range(0, 100).Select(i => File(i)).ToArray();
        await Task.WhenAll(files.Select(file => Upload(app, file.BlobName, file.Content)));
        var instances = Enumerable.Range(0, 4).Select(_ => NewInstance(app)).ToArray();

        await Task.WhenAll(files.Select((file, i) => instances[i % instances.Length].ApplyAsync(file.BlobName, default)));

        var statistics = await StoredStatisticsAsync(app);
        var expected = RelatedIndex.Build(files.Select(file => file.Article), Options(app), statistics);
        foreach (var file in files)
        {
            var stored = await app.Get<RelatedIndexBlobs>().ReadRelatedAsync(file.Article.Slug, default);
            Assert.Equal(
                expected.Related(file.Article.Slug)!.Select(item => (item.Slug, item.Score)),
                stored!.Document.Items.Select(item => (item.Slug, item.Score)));
        }
        Assert.NotEmpty(expected.Related(files[0].Article.Slug)!);
    }

    [Fact]
    public async Task SubmitAsync_HundredConcurrentUploadsOnFourInstances_AllIndexedWhenTheLastTriggerReturns()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var files = Enumerable.Range(0, 100).Select(i => File(i)).ToArray();
        await Task.WhenAll(files.Select(file => Upload(app, file.BlobName, file.Content)));
        var instances = Enumerable.Range(0, 4).Select(_ => NewInstance(app)).ToArray();

        await Task.WhenAll(files.Select((file, i) => instances[i % instances.Length].SubmitAsync(file.BlobName, default)));

        await AssertListsEqualRebuildAsync(app, files.Select(file => file.Article).ToArray());
        Assert.Empty(await PendingAsync(app));
    }

    [Fact]
    public async Task SubmitAsync_WhileAnotherInstanceHoldsTheModel_ReturnsAndTheFileStaysPendingUntilADrain()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var files = await PublishAsync(app, 4);
        var next = File(4);
        await Upload(app, next.BlobName, next.Content);
        var holder = NewInstance(app);

        await using (await app.Get<RelatedModelStore>().OpenAsync(default))
        {
            await holder.SubmitAsync(next.BlobName, default);
        }
        Assert.Null(await app.Get<RelatedIndexBlobs>().ReadRelatedAsync(next.Article.Slug, default));
        Assert.Equal([next.BlobName], await PendingAsync(app));

        // A crashed holder's leftovers: the next drain, as the timer runs it, on any instance.
        await NewInstance(app).DrainAsync(default);

        await AssertListsEqualRebuildAsync(app, [.. files.Select(file => file.Article), next.Article]);
        Assert.Empty(await PendingAsync(app));
    }

    [Fact]
    public async Task SubmitAsync_PassFailsMidway_FileStaysPendingAndTheRetryIndexesIt()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var files = await PublishAsync(app, 4);
        var next = File(4);
        await Upload(app, next.BlobName, next.Content);

        await Assert.ThrowsAnyAsync<Exception>(() => NewInstance(app, new FailNthRequest("comp=appendblock", 1)).SubmitAsync(next.BlobName, default));
        Assert.Equal([next.BlobName], await PendingAsync(app));
        await NewInstance(app).SubmitAsync(next.BlobName, default);

        await AssertListsEqualRebuildAsync(app, [.. files.Select(file => file.Article), next.Article]);
        Assert.Empty(await PendingAsync(app));
    }

    [Fact]
    public async Task ApplyAsync_SameFileTwice_WritesNothingNew()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<RelatedIndexer>();
        await PublishAsync(app, 3);
        var before = await BlobVersions(app);

        var changes = await indexer.ApplyAsync(File(1).BlobName, default);

        Assert.True(changes.IsEmpty);
        Assert.Equal(before, await BlobVersions(app));
    }

    [Fact]
    public async Task ApplyAsync_MalformedFile_ChangesNoIndex()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<RelatedIndexer>();
        await PublishAsync(app, 3);
        var before = await BlobVersions(app);
        await Upload(app, File(1).BlobName, new ArticleFileBuilder().Without("title").Build());

        var changes = await indexer.ApplyAsync(File(1).BlobName, default);

        Assert.True(changes.IsEmpty);
        Assert.Equal(before, await BlobVersions(app));
    }

    [Fact]
    public async Task ReindexAsync_FilesChangedBehindTheIndex_ListsEqualABuildOfEveryValidFile()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var files = await PublishAsync(app, 4);
        // Behind the index's back: two more articles, one made invalid, one deleted, one no article file at all.
        var added = new[] { File(4), File(5) };
        foreach (var file in added)
        {
            await Upload(app, file.BlobName, file.Content);
        }
        await Upload(app, files[1].BlobName, new ArticleFileBuilder().Without("title").Build());
        await app.Container(StorageOptions.ArticlesContainer).GetBlobClient(files[2].BlobName).DeleteAsync();
        await Upload(app, "notes.txt", "not an article"u8.ToArray());

        await app.Get<RelatedIndexer>().ReindexAsync(default);

        // The articles container is shared by every test, so the rebuild may see other tests' files too: only these
        // articles' lists are checked.
        var blobs = app.Get<RelatedIndexBlobs>();
        string[] gone = [files[1].Article.Slug, files[2].Article.Slug];
        foreach (var kept in new[] { files[0], files[3], added[0], added[1] })
        {
            var list = await blobs.ReadRelatedAsync(kept.Article.Slug, default);
            Assert.NotNull(list);
            Assert.DoesNotContain(list.Document.Items, item => gone.Contains(item.Slug));
        }
        foreach (var slug in gone)
        {
            Assert.Null(await blobs.ReadRelatedAsync(slug, default));
        }
    }

    [Fact]
    public async Task ApplyAsync_Retraction_RemovesListAndArticleFromOtherLists()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<RelatedIndexer>();
        var files = await PublishAsync(app, 4);
        var retracted = files[0];
        await Upload(app, retracted.BlobName, File(0, status: "retracted").Content);

        await indexer.ApplyAsync(retracted.BlobName, default);

        var blobs = app.Get<RelatedIndexBlobs>();
        Assert.Null(await blobs.ReadRelatedAsync(retracted.Article.Slug, default));
        foreach (var file in files.Skip(1))
        {
            var list = await blobs.ReadRelatedAsync(file.Article.Slug, default);
            Assert.DoesNotContain(list!.Document.Items, item => item.Slug == retracted.Article.Slug);
        }
    }

    [Fact]
    public async Task ApplyAsync_DeletedFile_RemovesListAndArticleFromEveryList()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var files = await PublishAsync(app, 6);
        await app.Container(StorageOptions.ArticlesContainer).GetBlobClient(files[0].BlobName).DeleteAsync();

        var changes = await app.Get<RelatedIndexer>().ApplyAsync(files[0].BlobName, default);

        Assert.Equal([files[0].Article.Slug], changes.RemovedLists);
        await AssertListsEqualRebuildAsync(app, files.Skip(1).Select(file => file.Article).ToArray());
        Assert.Null(await app.Get<RelatedIndexBlobs>().ReadRelatedAsync(files[0].Article.Slug, default));
    }

    [Fact]
    public async Task ArticleFilesChanged_BlobDeletedEvent_RemovesTheArticleFromEveryList()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var files = await PublishAsync(app, 4);
        await app.Container(StorageOptions.ArticlesContainer).GetBlobClient(files[1].BlobName).DeleteAsync();
        var exchange = new HttpExchange("POST", "/api/admin/article-events").WithBody(
            $$"""[{"id":"1","eventType":"Microsoft.Storage.BlobDeleted","subject":"/blobServices/default/containers/articles/blobs/{{files[1].BlobName}}","data":{"api":"DeleteBlob"},"eventTime":"2025-02-14T09:00:00Z","dataVersion":"","metadataVersion":"1"}]""",
            "application/json");

        var response = await exchange.ExecuteAsync(await app.Create<RelatedHttp>().ArticleFilesChanged(exchange.Request, default));

        Assert.Equal(200, response.Status);
        await AssertListsEqualRebuildAsync(app, files.Where((_, i) => i != 1).Select(file => file.Article).ToArray());
    }

    [Fact]
    public async Task ArticleFilesChanged_SubscriptionValidation_EchoesTheCode()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var exchange = new HttpExchange("POST", "/api/admin/article-events").WithBody(
            """[{"id":"1","topic":"/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z","subject":"","data":{"validationCode":"abc-123","validationUrl":"https://rp-westeurope.eventgrid.azure.net/validate"},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2025-02-14T09:00:00Z","metadataVersion":"1","dataVersion":"2"}]""",
            "application/json");

        var response = await exchange.ExecuteAsync(await app.Create<RelatedHttp>().ArticleFilesChanged(exchange.Request, default));

        Assert.Equal(200, response.Status);
        Assert.Contains("\"validationResponse\":\"abc-123\"", response.Body);
    }

    [Theory]
    [InlineData("{\"eventType\":\"x\"}")]
    [InlineData("[{\"subject\":1}]")]
    [InlineData("not json")]
    public async Task ArticleFilesChanged_NotEventGridEvents_Returns400Problem(string body)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var exchange = new HttpExchange("POST", "/api/admin/article-events").WithBody(body, "application/json");

        var response = await exchange.ExecuteAsync(await app.Create<RelatedHttp>().ArticleFilesChanged(exchange.Request, default));

        Assert.Equal(400, response.Status);
        Assert.Contains("application/problem+json", response.ContentType);
    }

    /// <summary>A failure at any storage step of a publish — a list write, the journal append — is redone by the retry.</summary>
    [Theory]
    [InlineData("/related/", 1)]
    [InlineData("comp=appendblock", 1)]
    [InlineData("comp=lease", 2)]
    public async Task ApplyAsync_StorageFailsMidway_RetryOnAnyInstanceEqualsRebuild(string failingRequest, int failAt)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var files = await PublishAsync(app, 8);
        var next = File(8);
        await Upload(app, next.BlobName, next.Content);
        var failing = NewInstance(app, new FailNthRequest(failingRequest, failAt));

        await Assert.ThrowsAnyAsync<Exception>(() => failing.ApplyAsync(next.BlobName, default));
        await failing.ApplyAsync(next.BlobName, default);
        await NewInstance(app).ApplyAsync(File(0).BlobName, default);

        await AssertListsEqualRebuildAsync(app, [.. files.Select(file => file.Article), next.Article]);
    }

    [Fact]
    public async Task ApplyAsync_InstanceBehindACheckpoint_CatchesUpToTheRebuild()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var behind = NewInstance(app);
        var files = Enumerable.Range(0, 400).Select(i => File(i, bodyWords: 400)).ToArray();
        await Task.WhenAll(files.Select(file => Upload(app, file.BlobName, file.Content)));
        await behind.ApplyAsync(files[0].BlobName, default);
        var ahead = NewInstance(app);

        foreach (var chunk in files.Skip(1).Chunk(50))
        {
            await Task.WhenAll(chunk.Select(file => ahead.ApplyAsync(file.BlobName, default)));
        }
        await Upload(app, files[0].BlobName, File(0, status: "retracted").Content);
        await behind.ApplyAsync(files[0].BlobName, default);

        Assert.True(await app.Container(app.Names.IndexesContainer).GetBlobClient(RelatedModelStore.JournalBlobName(1)).ExistsAsync(),
            "the journal outgrew its checkpoint: a new generation began");
        await AssertListsEqualRebuildAsync(app, files.Skip(1).Select(file => file.Article).ToArray());
    }

    [Fact]
    public async Task GetRelatedArticles_OnAnInstanceThatOnlyServesReads_NeverTouchesTheModel()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var files = await PublishAsync(app, 4);
        var requests = new RecordRequests();
        var options = new BlobClientOptions();
        options.AddPolicy(requests, HttpPipelinePosition.PerCall);
        var blobs = new BlobServiceClient(app.Get<IConfiguration>()["AzureWebJobsStorage"], options);
        var storage = app.Get<IOptions<StorageOptions>>();
        using var cache = new ReadThroughCache(app.Get<IOptions<ReadCacheOptions>>(), TimeProvider.System);
        var lists = new RelatedIndexBlobs(blobs, storage, cache);
        var reader = new RelatedHttp(
            lists,
            new RelatedIndexer(
                new RelatedModelStore(blobs, storage, app.Get<IOptions<RelatedOptions>>(), NullLogger<RelatedModelStore>.Instance),
                new RelatedListWriter(blobs, storage, lists, TimeProvider.System),
                new ArticleFiles(blobs, TimeProvider.System, NullLogger<ArticleFiles>.Instance),
                app.Get<PendingFiles>(),
                app.Get<IOptions<RelatedOptions>>(),
                NullLogger<RelatedIndexer>.Instance),
            app.Get<DeletedArticleFiles>(),
            app.Get<IOptions<ReadCacheOptions>>());

        foreach (var file in files)
        {
            var exchange = new HttpExchange("GET", $"/api/articles/{file.Article.Slug}/related");
            Assert.Equal(200, (await exchange.ExecuteAsync(await reader.GetRelatedArticles(exchange.Request, file.Article.Slug, default))).Status);
        }

        Assert.Equal(files.Length, requests.Uris.Count(uri => uri.Contains("/related/", StringComparison.Ordinal)));
        Assert.DoesNotContain(requests.Uris, uri => uri.Contains("/model/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetRelatedArticles_ThenIfNoneMatch_Returns200Then304()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await PublishAsync(app, 3);
        var slug = File(0).Article.Slug;
        var http = app.Create<RelatedHttp>();

        var first = new HttpExchange("GET", $"/api/articles/{slug}/related");
        var ok = await first.ExecuteAsync(await http.GetRelatedArticles(first.Request, slug, default));
        var second = new HttpExchange("GET", $"/api/articles/{slug}/related").WithHeader("If-None-Match", ok.Headers.ETag.ToString());
        var notModified = await second.ExecuteAsync(await http.GetRelatedArticles(second.Request, slug, default));

        Assert.Equal(200, ok.Status);
        Assert.Contains($"\"slug\":\"{slug}\"", ok.Body);
        Assert.Equal(304, notModified.Status);
    }

    [Fact]
    public async Task GetRelatedArticles_UnknownSlug_Returns404Problem()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var exchange = new HttpExchange("GET", "/api/articles/nowhere/related");

        var response = await exchange.ExecuteAsync(await app.Create<RelatedHttp>().GetRelatedArticles(exchange.Request, "nowhere", default));

        Assert.Equal(404, response.Status);
        Assert.Contains("urn:budapest-post:problem:not-found", response.Body);
    }

    private (string BlobName, byte[] Content, Article Article) File(int number, string status = "published", int bodyWords = 80)
    {
        var article = (bodyWords == 80 ? Synthetic : new SyntheticArticles(400, bodyWords)).Article(number);
        var slug = $"{_prefix}-{number}";
        var content = new ArticleFileBuilder()
            .WithTitle(article.Title)
            .WithLead(article.Lead)
            .WithPublished(article.Published.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture))
            .WithTags([.. article.Tags])
            .WithStatus(status)
            .WithBody(article.Body)
            .Build();
        var parsed = ArticleParser.Parse(slug + ".md", content);
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Reason}")));
        return (slug + ".md", content, parsed.Value);
    }

    /// <summary>Uploads and indexes articles 0..count-1, one after another.</summary>
    private async Task<(string BlobName, byte[] Content, Article Article)[]> PublishAsync(TestApp app, int count)
    {
        var files = Enumerable.Range(0, count).Select(i => File(i)).ToArray();
        foreach (var file in files)
        {
            await Upload(app, file.BlobName, file.Content);
            await app.Get<RelatedIndexer>().ApplyAsync(file.BlobName, default);
        }
        return files;
    }

    private static readonly SyntheticArticles Synthetic = new(100, bodyWords: 80);

    private static RelatedOptions Options(TestApp app) => app.Get<IOptions<RelatedOptions>>().Value;

    private static async Task<IEnumerable<string>> PendingAsync(TestApp app) =>
        (await app.Get<PendingFiles>().ListAsync(RelatedIndexer.PendingKind, 100, default)).Select(file => file.BlobName);

    private static RelatedIndexer NewInstance(TestApp app, HttpPipelinePolicy? fault = null)
    {
        var blobs = app.Get<BlobServiceClient>();
        if (fault is not null)
        {
            var options = new BlobClientOptions { Retry = { MaxRetries = 0 } };
            options.AddPolicy(fault, HttpPipelinePosition.PerCall);
            blobs = new BlobServiceClient(app.Get<IConfiguration>()["AzureWebJobsStorage"], options);
        }
        var storage = app.Get<IOptions<StorageOptions>>();
        return new RelatedIndexer(
            new RelatedModelStore(blobs, storage, app.Get<IOptions<RelatedOptions>>(), NullLogger<RelatedModelStore>.Instance),
            new RelatedListWriter(blobs, storage, new RelatedIndexBlobs(blobs, storage, app.Get<ReadThroughCache>()), TimeProvider.System),
            new ArticleFiles(blobs, TimeProvider.System, NullLogger<ArticleFiles>.Instance),
            app.Get<PendingFiles>(),
            app.Get<IOptions<RelatedOptions>>(),
            NullLogger<RelatedIndexer>.Instance);
    }

    /// <summary>Every stored list equals a rebuild of <paramref name="articles"/> with the stored model's snapshot; no other list exists.</summary>
    private static async Task AssertListsEqualRebuildAsync(TestApp app, Article[] articles)
    {
        var expected = RelatedIndex.Build(articles, Options(app), await StoredStatisticsAsync(app));
        var stored = new List<string>();
        await foreach (var blob in app.Container(app.Names.IndexesContainer).GetBlobsAsync(BlobTraits.None, BlobStates.None, "related/", default))
        {
            stored.Add(blob.Name);
        }
        Assert.Equal(expected.Slugs.Select(RelatedIndexBlobs.RelatedBlobName).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        foreach (var slug in expected.Slugs)
        {
            var list = await app.Get<RelatedIndexBlobs>().ReadRelatedAsync(slug, default);
            Assert.Equal(expected.Related(slug)!.Select(item => (item.Slug, item.Score)), list!.Document.Items.Select(item => (item.Slug, item.Score)));
        }
    }

    /// <summary>Keeps the URL of every storage request a client sends.</summary>
    private sealed class RecordRequests : HttpPipelineSynchronousPolicy
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _uris = new();

        public IReadOnlyCollection<string> Uris => _uris;

        public override void OnSendingRequest(HttpMessage message) => _uris.Enqueue(message.Request.Uri.ToString());
    }

    /// <summary>Fails the <paramref name="n"/>th request whose URL contains <paramref name="marker"/>, once: a crash at that point.</summary>
    private sealed class FailNthRequest(string marker, int n) : HttpPipelineSynchronousPolicy
    {
        private int _seen;

        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Uri.ToString().Contains(marker, StringComparison.OrdinalIgnoreCase) && Interlocked.Increment(ref _seen) == n)
            {
                throw new IOException($"Injected failure of {message.Request.Method} {message.Request.Uri}");
            }
        }
    }

    /// <summary>The statistics snapshot of the stored model, as a fresh instance loads it.</summary>
    private static async Task<TermStatistics> StoredStatisticsAsync(TestApp app)
    {
        await using var session = await app.Create<RelatedModelStore>().OpenAsync(default);
        return session.Index.Statistics;
    }

    private static Task Upload(TestApp app, string blobName, byte[] content) =>
        app.Container(StorageOptions.ArticlesContainer).GetBlobClient(blobName).UploadAsync(new BinaryData(content), overwrite: true);

    private static async Task<Dictionary<string, string>> BlobVersions(TestApp app)
    {
        var versions = new Dictionary<string, string>();
        await foreach (var blob in app.Container(app.Names.IndexesContainer).GetBlobsAsync())
        {
            versions.Add(blob.Name, blob.Properties.ETag.ToString()!);
        }
        return versions;
    }
}
