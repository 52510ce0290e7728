using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using BudapestPost.Core.Search;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Search;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Search;

/// <summary>The index in Azurite, changed by the indexer the blob trigger runs and read through replicas.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SearchIndexerTests(AzuriteFixture azurite) : IDisposable
{
    private readonly List<SearchReplica> _replicas = [];

    public void Dispose() => _replicas.ForEach(replica => replica.Dispose());

    [Fact]
    public async Task ApplyAsync_Publish_MakesTheArticleSearchable()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Upload(app, "budapest-bridge", new ArticleFileBuilder().WithTitle("Chain Bridge Reopens").WithBody("The Széchenyi Chain Bridge reopened to trams.\n"));

        Assert.True(await app.Get<SearchIndexer>().ApplyAsync("budapest-bridge.md", default));

        Assert.Equal(["budapest-bridge"], await SlugsAsync(NewReplica(app), "szechenyi trams"));
    }

    [Fact]
    public async Task ApplyAsync_Update_OldTextNoLongerMatches()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<SearchIndexer>();
        await Upload(app, "vote", new ArticleFileBuilder().WithBody("Parliament postponed the vote on the budget.\n"));
        await indexer.ApplyAsync("vote.md", default);
        await Upload(app, "vote", new ArticleFileBuilder().WithBody("Parliament approved the pension reform.\n"));

        await indexer.ApplyAsync("vote.md", default);

        var replica = NewReplica(app);
        Assert.Empty(await SlugsAsync(replica, "postponed"));
        Assert.Equal(["vote"], await SlugsAsync(replica, "pension reform"));
    }

    [Theory]
    [InlineData("retracted")]
    [InlineData("draft")]
    public async Task ApplyAsync_RetractionOrDraft_RemovesTheArticle(string status)
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<SearchIndexer>();
        await Upload(app, "gone", new ArticleFileBuilder().WithBody("A story about lighthouses.\n"));
        await Upload(app, "kept", new ArticleFileBuilder().WithBody("Another story about lighthouses.\n"));
        await indexer.ApplyAsync("gone.md", default);
        await indexer.ApplyAsync("kept.md", default);
        await Upload(app, "gone", new ArticleFileBuilder().WithStatus(status).WithBody("A story about lighthouses.\n"));

        Assert.True(await indexer.ApplyAsync("gone.md", default));

        Assert.Equal(["kept"], await SlugsAsync(NewReplica(app), "lighthouses"));
    }

    [Fact]
    public async Task ApplyAsync_SameFileAgain_CommitsNothing()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<SearchIndexer>();
        await Upload(app, "same", new ArticleFileBuilder());
        await indexer.ApplyAsync("same.md", default);
        var before = await CommitETagAsync(app);

        Assert.False(await indexer.ApplyAsync("same.md", default));
        Assert.False(await NewIndexer(app, NewReplica(app)).ApplyAsync("same.md", default));

        Assert.Equal(before, await CommitETagAsync(app));
    }

    [Fact]
    public async Task ApplyAsync_InvalidFile_KeepsThePublishedDocument()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<SearchIndexer>();
        await Upload(app, "steady", new ArticleFileBuilder().WithBody("Orchestra tours Vienna.\n"));
        await indexer.ApplyAsync("steady.md", default);
        await Upload(app, "steady", new ArticleFileBuilder().Without("title").WithBody("Broken.\n"));

        Assert.False(await indexer.ApplyAsync("steady.md", default));

        Assert.Equal(["steady"], await SlugsAsync(NewReplica(app), "orchestra"));
    }

    [Fact]
    public async Task ApplyAsync_TwoInstancesAtOnce_EveryArticleIsIndexed()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var slugs = Enumerable.Range(0, 16).Select(i => $"concurrent-{i}").ToList();
        foreach (var slug in slugs)
        {
            await Upload(app, slug, new ArticleFileBuilder().WithTitle($"Harbour Report {slug}").WithBody("Ships arrived in the harbour.\n"));
        }
        var instances = new[] { NewIndexer(app, NewReplica(app)), NewIndexer(app, NewReplica(app)) };

        await Task.WhenAll(slugs.Select((slug, i) => instances[i % 2].ApplyAsync(slug + ".md", default)));

        Assert.Equal(slugs.Order(StringComparer.Ordinal), (await SlugsAsync(NewReplica(app), "harbour")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_Publish_UploadsOnlyNewFilesAndKeepsTheOthers()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<SearchIndexer>();
        var blobs = app.Get<SearchIndexBlobs>();
        for (var i = 0; i < 3; i++)
        {
            await Upload(app, $"file-{i}", new ArticleFileBuilder().WithBody($"Story number {i}.\n"));
            await indexer.ApplyAsync($"file-{i}.md", default);
        }
        var before = (await blobs.ReadCommitAsync(null, default)).Commit!;
        await Upload(app, "file-3", new ArticleFileBuilder().WithBody("Story number 3.\n"));

        await indexer.ApplyAsync("file-3.md", default);

        var after = (await blobs.ReadCommitAsync(null, default)).Commit!;
        var kept = before.Files.Where(file => after.Files.Contains(file)).ToList();
        Assert.Equal(before.Files.Count - 1, kept.Count); // all but the previous segments file
        Assert.Contains(before.Files, file => file.Name.StartsWith("segments_", StringComparison.Ordinal) && !after.Files.Contains(file));
        Assert.True(after.Generation > before.Generation);
    }

    [Fact]
    public async Task ApplyAsync_FilesACommitDrops_StayUntilTheirLifetimeHasPassed()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-03-01T00:00:00Z"));
        var indexer = NewIndexer(app, NewReplica(app, time));
        var blobs = app.Get<SearchIndexBlobs>();
        await Upload(app, "first", new ArticleFileBuilder().WithBody("Story number one.\n"));
        await indexer.ApplyAsync("first.md", default);
        var firstSegments = (await blobs.ReadCommitAsync(null, default)).Commit!.Files.Single(file => file.Name.StartsWith("segments_", StringComparison.Ordinal));
        await Upload(app, "second", new ArticleFileBuilder().WithBody("Story number two.\n"));
        await indexer.ApplyAsync("second.md", default);
        time.Advance(SearchCommit.RetiredBlobLifetime - TimeSpan.FromSeconds(1));
        await Upload(app, "third", new ArticleFileBuilder().WithBody("Story number three.\n"));
        await indexer.ApplyAsync("third.md", default);

        var withinLifetime = (await blobs.ReadCommitAsync(null, default)).Commit!;
        var keptWithinLifetime = (await app.Container(app.Names.SearchContainer).GetBlobClient(firstSegments.Blob).ExistsAsync()).Value;
        time.Advance(TimeSpan.FromSeconds(1));
        await Upload(app, "fourth", new ArticleFileBuilder().WithBody("Story number four.\n"));
        await indexer.ApplyAsync("fourth.md", default);

        var afterLifetime = (await blobs.ReadCommitAsync(null, default)).Commit!;
        Assert.True(keptWithinLifetime);
        Assert.Contains(withinLifetime.Retired, retired => retired.Blob == firstSegments.Blob);
        Assert.False((await app.Container(app.Names.SearchContainer).GetBlobClient(firstSegments.Blob).ExistsAsync()).Value);
        Assert.DoesNotContain(afterLifetime.Retired, retired => retired.Blob == firstSegments.Blob);
        Assert.Contains(afterLifetime.Retired, retired => retired.Since == time.GetUtcNow()); // the fourth commit's own drops wait
        Assert.Equal(["first", "fourth", "second", "third"], (await SlugsAsync(NewReplica(app), "story")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_CommitPointListingRetiredBlobsByNameAlone_DeletesThemAtTheNextCommit()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var container = app.Container(app.Names.SearchContainer);
        var indexer = app.Get<SearchIndexer>();
        await Upload(app, "first", new ArticleFileBuilder().WithBody("Story number one.\n"));
        await indexer.ApplyAsync("first.md", default);
        var stored = await container.GetBlobClient(SearchIndexBlobs.CommitBlobName).DownloadContentAsync();
        var commit = System.Text.Json.Nodes.JsonNode.Parse(stored.Value.Content.ToString())!.AsObject();
        commit["retired"] = new System.Text.Json.Nodes.JsonArray("index/files/old/_0.cfs");
        await container.GetBlobClient("index/files/old/_0.cfs").UploadAsync(new BinaryData("old"));
        await container.GetBlobClient(SearchIndexBlobs.CommitBlobName).UploadAsync(new BinaryData(commit.ToJsonString()), overwrite: true);
        await Upload(app, "second", new ArticleFileBuilder().WithBody("Story number two.\n"));

        Assert.True(await NewIndexer(app, NewReplica(app)).ApplyAsync("second.md", default));

        Assert.False((await container.GetBlobClient("index/files/old/_0.cfs").ExistsAsync()).Value);
        Assert.Equal(["first", "second"], (await SlugsAsync(NewReplica(app), "story")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_ManyCommits_KeepEverySegmentInACompoundFile()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var indexer = app.Get<SearchIndexer>();
        for (var i = 0; i < 12; i++)
        {
            await Upload(app, $"story-{i:D2}", new ArticleFileBuilder().WithBody($"Story number {i}.\n"));
            await indexer.ApplyAsync($"story-{i:D2}.md", default);
        }

        var files = (await app.Get<SearchIndexBlobs>().ReadCommitAsync(null, default)).Commit!.Files.Select(file => file.Name).ToList();

        // Twelve flushed segments exceed a tier (ten), so at least one merge ran; its segment is compound too.
        Assert.All(files, name => Assert.Matches(@"^(segments_\w+|_\w+\.(cfs|cfe|si))$", name));
        Assert.True(files.Count(name => name.EndsWith(".cfs", StringComparison.Ordinal)) < 12);
    }

    [Fact]
    public async Task OpenAsync_AfterAnotherInstanceCommits_SeesItOnceTheRefreshIntervalPassed()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-03-01T00:00:00Z"));
        var reader = NewReplica(app, time);
        await Upload(app, "early", new ArticleFileBuilder().WithBody("Comets were seen.\n"));
        await app.Get<SearchIndexer>().ApplyAsync("early.md", default);
        Assert.Equal(["early"], await SlugsAsync(reader, "comets"));
        await Upload(app, "late", new ArticleFileBuilder().WithBody("More comets were seen.\n"));
        await app.Get<SearchIndexer>().ApplyAsync("late.md", default);

        var beforeInterval = await SlugsAsync(reader, "comets");
        time.Advance(SearchReplica.RefreshInterval);
        var afterInterval = await SlugsAsync(reader, "comets");

        Assert.Equal(["early"], beforeInterval);
        Assert.Equal(["early", "late"], afterInterval.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SubmitAsync_ConcurrentUploadsOnTwoInstances_AllIndexedInFewCommitsWhenTheLastTriggerReturns()
    {
        await using var app = await TestApp.StartAsync(azurite);
        var slugs = Enumerable.Range(0, 40).Select(i => $"burst-{i:D2}").ToList();
        foreach (var slug in slugs)
        {
            await Upload(app, slug, new ArticleFileBuilder().WithTitle($"Tram Report {slug}").WithBody("Trams ran late all week.\n"));
        }
        var instances = new[] { NewIndexer(app, NewReplica(app)), NewIndexer(app, NewReplica(app)) };

        await Task.WhenAll(slugs.Select((slug, i) => instances[i % 2].SubmitAsync(slug + ".md", default)));

        Assert.Equal(slugs, (await SlugsAsync(NewReplica(app), "trams")).Order(StringComparer.Ordinal));
        Assert.Empty(await PendingAsync(app));
        // A commit per file would reach generation 40; passes take every file pending at their start.
        Assert.True((await app.Get<SearchIndexBlobs>().ReadCommitAsync(null, default)).Commit!.Generation < slugs.Count);
    }

    [Fact]
    public async Task SubmitAsync_WhileAnotherInstanceHoldsTheLease_ReturnsAndTheFileStaysPendingUntilADrain()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Upload(app, "first", new ArticleFileBuilder().WithBody("A ferry crossed the Danube.\n"));
        await app.Get<SearchIndexer>().ApplyAsync("first.md", default);
        await Upload(app, "waiting", new ArticleFileBuilder().WithBody("Another ferry crossed the Danube.\n"));

        await using (await BlobLeaseLock.AcquireAsync(app.Get<SearchIndexBlobs>().LockBlob, default))
        {
            await NewIndexer(app, NewReplica(app)).SubmitAsync("waiting.md", default);
        }
        Assert.Equal(["first"], await SlugsAsync(NewReplica(app), "ferry"));
        Assert.Equal(["waiting.md"], await PendingAsync(app));

        // A crashed holder's leftovers: the next drain, as the timer runs it, on any instance.
        await NewIndexer(app, NewReplica(app)).DrainAsync(default);

        Assert.Equal(["first", "waiting"], (await SlugsAsync(NewReplica(app), "ferry")).Order(StringComparer.Ordinal));
        Assert.Empty(await PendingAsync(app));
    }

    [Fact]
    public async Task SubmitAsync_PassFailsMidway_FileStaysPendingAndTheRetryIndexesIt()
    {
        await using var app = await TestApp.StartAsync(azurite);
        await Upload(app, "first", new ArticleFileBuilder().WithBody("The opera house reopened.\n"));
        await app.Get<SearchIndexer>().ApplyAsync("first.md", default);
        await Upload(app, "next", new ArticleFileBuilder().WithBody("The opera house sold out.\n"));
        // The new segment's files are uploaded, the commit point is not: a crash between the two.
        var failing = new SearchIndexBlobs(FailingBlobs(app, SearchIndexBlobs.CommitBlobName), app.Get<IOptions<StorageOptions>>());
        var crashed = new SearchIndexer(failing, NewReplica(app, blobs: failing), app.Get<ArticleFiles>(), app.Get<PendingFiles>(), NullLogger<SearchIndexer>.Instance);

        await Assert.ThrowsAnyAsync<Exception>(() => crashed.SubmitAsync("next.md", default));
        Assert.Equal(["first"], await SlugsAsync(NewReplica(app), "opera"));
        Assert.Equal(["next.md"], await PendingAsync(app));
        await NewIndexer(app, NewReplica(app)).SubmitAsync("next.md", default);

        Assert.Equal(["first", "next"], (await SlugsAsync(NewReplica(app), "opera")).Order(StringComparer.Ordinal));
        Assert.Empty(await PendingAsync(app));
    }

    [Theory]
    [InlineData("../x.md")]
    [InlineData("a/b#c?.md")]
    [InlineData("notes.txt")]
    public async Task SubmitAsync_NameOfNoArticleFile_RecordsNothingAndCommitsNothing(string blobName)
    {
        await using var app = await TestApp.StartAsync(azurite);

        await app.Get<SearchIndexer>().SubmitAsync(blobName, default);

        Assert.Empty(await PendingAsync(app));
        Assert.Null((await app.Get<SearchIndexBlobs>().ReadCommitAsync(null, default)).Commit);
    }

    private static async Task<IReadOnlyList<string>> SlugsAsync(SearchReplica replica, string query)
    {
        using var view = await replica.OpenAsync(default);
        return view.Search(new SearchRequest(query, Limit: ArticleSearcher.MaxLimit)).Hits.Select(hit => hit.Slug).ToList();
    }

    /// <summary>Another instance's replica (its own local folder), removed when the test ends.</summary>
    private SearchReplica NewReplica(TestApp app, TimeProvider? time = null, SearchIndexBlobs? blobs = null)
    {
        var replica = new SearchReplica(blobs ?? app.Get<SearchIndexBlobs>(), time ?? TimeProvider.System, NullLogger<SearchReplica>.Instance);
        _replicas.Add(replica);
        return replica;
    }

    private static SearchIndexer NewIndexer(TestApp app, SearchReplica replica) =>
        new(app.Get<SearchIndexBlobs>(), replica, app.Get<ArticleFiles>(), app.Get<PendingFiles>(), NullLogger<SearchIndexer>.Instance);

    private static async Task<IReadOnlyList<string>> PendingAsync(TestApp app) =>
        (await app.Get<PendingFiles>().ListAsync(SearchIndexer.PendingKind, 100, default)).Select(file => file.BlobName).ToList();

    /// <summary>A storage client whose every write of <paramref name="blobName"/> fails, as if the instance crashed there.</summary>
    private static BlobServiceClient FailingBlobs(TestApp app, string blobName)
    {
        var options = new BlobClientOptions { Retry = { MaxRetries = 0 } };
        options.AddPolicy(new FailWritesOf(blobName), HttpPipelinePosition.PerCall);
        return new BlobServiceClient(app.Get<IConfiguration>()["AzureWebJobsStorage"], options);
    }

    private sealed class FailWritesOf(string blobName) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            if (message.Request.Method == RequestMethod.Put && message.Request.Uri.Path.EndsWith("/" + blobName, StringComparison.Ordinal))
            {
                throw new IOException($"Injected failure of PUT {message.Request.Uri}");
            }
        }
    }

    private static Task Upload(TestApp app, string slug, ArticleFileBuilder file) =>
        app.Container(BudapestPost.Functions.Storage.StorageOptions.ArticlesContainer).GetBlobClient(slug + ".md").UploadAsync(new BinaryData(file.Build()), overwrite: true);

    private static async Task<string> CommitETagAsync(TestApp app) =>
        (await app.Container(app.Names.SearchContainer).GetBlobClient(SearchIndexBlobs.CommitBlobName).GetPropertiesAsync()).Value.ETag.ToString();
}
