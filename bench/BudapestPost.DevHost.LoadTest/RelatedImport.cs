using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Storage;
using BudapestPost.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.LoadTest;

/// <summary>
/// The related engine through the DevHost and the real worker: a bulk import (all files uploaded at
/// once, timed until every article has its list, then every list compared with a rebuild), and
/// publish → list visible on a large seeded corpus.
/// </summary>
public static class RelatedImport
{
    private static readonly RelatedOptions Options = new();

    /// <summary>
    /// Uploads <paramref name="count"/> article files at once, oldest first, straight to the container, and waits until
    /// all are indexed: each has its related list and, unless <paramref name="onlyRelated"/>, is published, listed (its
    /// section's count) and found by search. With <paramref name="onlyRelated"/> the app's other blob functions are
    /// disabled (<c>AzureWebJobs.&lt;Name&gt;.Disabled</c>), so the shared blob-trigger slots run the related indexer alone.
    /// With <paramref name="polling"/> the DevHost finds the files by listing the container every 2 s, as under
    /// <c>./run.sh</c>; otherwise each upload is followed by its Event Grid delivery, as in Azure.
    /// </summary>
    /// <remarks>
    /// Azurite keeps its data on disk unless <paramref name="inMemory"/>: in memory every blob version is an
    /// extent of its own, and Azurite's garbage collection, 10 minutes after it starts, deletes the
    /// overwritten ones one by one at a cost that grows with their number (about 30 s for 10,000), which
    /// stops it answering for minutes after a large import. On disk, versions share 64 MB extent files.
    /// </remarks>
    public static async Task BulkImportAsync(string devHost, string functionApp, int count, bool onlyRelated, bool inMemory, bool polling)
    {
        await using var azurite = new AzuriteHandle(onDisk: !inMemory);
        Console.WriteLine(inMemory ? "Azurite keeps its data in memory" : $"Azurite keeps its data on disk in {azurite.Folder}");
        using var settings = LocalSettingsFile.Create(azurite.Fixture.ConnectionString);
        var articles = new SyntheticArticles(count).Articles().OrderBy(article => article.Published).ToArray();
        var environment = onlyRelated
            ? new Dictionary<string, string> { ["AzureWebJobs.PublishArticle.Disabled"] = "true", ["AzureWebJobs.IndexArticleForSearch.Disabled"] = "true" }
            : new Dictionary<string, string>();
        // Events come from Event Grid only (no polling), as in Azure: one delivery per upload and function; or from polling alone.
        await using var host = await DevHostRun.StartAsync(devHost, functionApp, settings.Path, "api/health", environment, polling ? [] : BlobEventDelivery.DevHostArguments);
        Console.WriteLine(onlyRelated ? "only the related indexer's blob trigger runs" : "every blob function of the app runs");
        Console.WriteLine(polling ? "the DevHost finds the files by polling the container" : "each upload is delivered as an Event Grid event");
        var sources = azurite.Fixture.BlobService.GetBlobContainerClient("articles");
        await sources.CreateIfNotExistsAsync();
        using var client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromMinutes(1) };
        var events = polling ? null : await BlobEventDelivery.ForArticleFilesAsync(client);

        Console.WriteLine($"bulk import: uploading {count:N0} article files oldest first, 16 at a time" + (polling ? "" : ", each with its BlobCreated delivery"));
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(articles, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (article, ct) =>
        {
            var blob = sources.GetBlobClient(article.Slug + ".md");
            var uploaded = await blob.UploadAsync(new BinaryData(ArticleFile(article)), ct);
            if (events is not null)
            {
                await events.DeliverAsync([BlobEventDelivery.BlobCreated(blob, uploaded.Value.ETag)], ct);
            }
        });
        Console.WriteLine($"uploaded in {clock.Elapsed.TotalSeconds:F0} s; waiting for every related list" + (onlyRelated ? "" : ", every article listed and in search"));

        var indexes = azurite.Fixture.BlobService.GetBlobContainerClient(new StorageOptions().IndexesContainer);
        // What the worker indexes: the articles as their files parse (published times to the second).
        var expectedArticles = articles.Select(article => ArticleParser.Parse(article.Slug + ".md", ArticleFile(article)).Value!).ToArray();
        while (clock.Elapsed < TimeSpan.FromMinutes(60))
        {
            var lists = await CountListsAsync(indexes);
            var (listed, searched) = onlyRelated ? (count, count) : (await CountListedAsync(client), await CountSearchedAsync(client));
            var pending = (await host.GetStatusAsync()).GetProperty("pendingBlobs").GetInt32();
            Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:F0} s: {lists:N0} of {count:N0} articles have a list" +
                (onlyRelated ? "" : $", {listed:N0} are published and listed, {searched:N0} in search") +
                $"; {pending:N0} blob invocations pending (all functions); load average {LoadAverage()}");
            if (lists == count && listed == count && searched == count)
            {
                var checkedAt = clock.Elapsed;
                var equal = await CountEqualToRebuildAsync(azurite.Fixture.BlobService, expectedArticles);
                Console.WriteLine($"lists equal to Build(articles, stored snapshot): {equal:N0} of {count:N0} (checked from {checkedAt.TotalSeconds:F0} s)");
                if (equal == count)
                {
                    Console.WriteLine($"bulk import of {count:N0} articles: " + (onlyRelated ? "" : "all published, listed and in search, ") +
                        $"every list equal to a rebuild's after {checkedAt.TotalSeconds:F0} s " +
                        $"({checkedAt.TotalMilliseconds / count:F1} ms per article); load average {LoadAverage()}");
                    return;
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(10));
        }
        Console.WriteLine($"bulk import of {count:N0} articles: not all lists equal to a rebuild's after {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Seeds a model of <paramref name="count"/> articles, then times single publishes until their list is served.</summary>
    public static async Task PublishLatencyAsync(string devHost, string functionApp, int count, int publishes)
    {
        await using var azurite = new AzuriteHandle();
        using var settings = LocalSettingsFile.Create(azurite.Fixture.ConnectionString);
        var generator = new SyntheticArticles(count + publishes + 1);
        Console.WriteLine($"publish latency: seeding a model of {count:N0} articles");
        await azurite.Fixture.BlobService.GetBlobContainerClient(new StorageOptions().IndexesContainer).CreateIfNotExistsAsync();
        await using (var session = await Store(azurite.Fixture.BlobService).OpenAsync(default))
        {
            await session.ReplaceAsync(RelatedIndex.Build(Enumerable.Range(0, count).Select(generator.Article), Options), default);
        }
        // Events come from Event Grid only (no 2 s polling), as in Azure.
        await using var host = await DevHostRun.StartAsync(devHost, functionApp, settings.Path, "api/health", BlobEventDelivery.DevHostArguments);
        var sources = azurite.Fixture.BlobService.GetBlobContainerClient("articles");
        await sources.CreateIfNotExistsAsync();
        using var client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromMinutes(5) };
        var events = await BlobEventDelivery.ForArticleFilesAsync(client);

        var timings = new List<double>();
        for (var i = 0; i <= publishes; i++)
        {
            var article = generator.Article(count + i);
            var clock = Stopwatch.StartNew();
            var blob = sources.GetBlobClient(article.Slug + ".md");
            var uploaded = await blob.UploadAsync(new BinaryData(ArticleFile(article)));
            await events.DeliverAsync([BlobEventDelivery.BlobCreated(blob, uploaded.Value.ETag)]);
            while ((await client.GetAsync($"api/articles/{article.Slug}/related")).StatusCode != HttpStatusCode.OK)
            {
                await Task.Delay(10);
            }
            // The first publish loads the model into the worker: a cold start, reported apart.
            Console.WriteLine($"publish {i}{(i == 0 ? " (cold: loads the model)" : "")}: list served after {clock.Elapsed.TotalMilliseconds:F0} ms");
            if (i > 0)
            {
                timings.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        timings.Sort();
        Console.WriteLine($"publish -> list visible at {count:N0} articles over {publishes} publishes: " +
            $"median {timings[timings.Count / 2]:F0} ms, max {timings[^1]:F0} ms");
    }

    private static async Task<int> CountEqualToRebuildAsync(BlobServiceClient blobs, Article[] articles)
    {
        TermStatistics statistics;
        await using (var session = await Store(blobs).OpenAsync(default))
        {
            statistics = session.Index.Statistics;
        }
        var expected = RelatedIndex.Build(articles, Options, statistics);
        // No read cache in the way: every list is read from storage.
        using var cache = new BudapestPost.Functions.Caching.ReadThroughCache(
            Microsoft.Extensions.Options.Options.Create(new BudapestPost.Functions.Caching.ReadCacheOptions { FreshFor = TimeSpan.Zero }), TimeProvider.System);
        var reader = new RelatedIndexBlobs(blobs, Microsoft.Extensions.Options.Options.Create(new StorageOptions()), cache);
        var equal = 0;
        await Parallel.ForEachAsync(articles, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (article, ct) =>
        {
            var stored = await reader.ReadRelatedAsync(article.Slug, ct);
            if (stored is { } list && list.Document.Items.Select(item => (item.Slug, item.Score))
                .SequenceEqual(expected.Related(article.Slug)!.Select(item => (item.Slug, item.Score))))
            {
                Interlocked.Increment(ref equal);
            }
        });
        return equal;
    }

    /// <summary>The machine's 1-minute load average (Linux), to read each number against; "?" elsewhere.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    // Every synthetic article has exactly one "story-N" tag: the counts of those tags add up to the articles published and listed.
    private static async Task<int> CountListedAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("api/tags")).GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("name").GetString()!.StartsWith("story-", StringComparison.Ordinal))
            .Sum(item => item.GetProperty("count").GetInt32());

    // Every synthetic article has a tag "story-N", so the word "story" finds each one in the index.
    private static async Task<int> CountSearchedAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("api/search?q=story&limit=1")).GetProperty("total").GetInt32();

    private static async Task<int> CountListsAsync(BlobContainerClient indexes)
    {
        if (!await indexes.ExistsAsync())
        {
            return 0;
        }
        var count = 0;
        await foreach (var _ in indexes.GetBlobsAsync(BlobTraits.None, BlobStates.None, "related/", default))
        {
            count++;
        }
        return count;
    }

    private static RelatedModelStore Store(BlobServiceClient blobs) => new(
        blobs, Microsoft.Extensions.Options.Options.Create(new StorageOptions()),
        Microsoft.Extensions.Options.Options.Create(Options), NullLogger<RelatedModelStore>.Instance);

    internal static byte[] ArticleFile(Article article) => new ArticleFileBuilder()
        .WithTitle(article.Title)
        .WithLead(article.Lead)
        .WithPublished(article.Published.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture))
        .WithTags([.. article.Tags])
        .WithBody(article.Body)
        .Build();

    internal sealed class AzuriteHandle : IAsyncDisposable
    {
        public AzuriteHandle(bool onDisk = false)
        {
            Folder = onDisk ? Directory.CreateTempSubdirectory("budapestpost-azurite-").FullName : null;
            Fixture = Folder is null ? new AzuriteFixture() : AzuriteFixture.OnDisk(Folder);
            Fixture.InitializeAsync().GetAwaiter().GetResult();
        }

        public AzuriteFixture Fixture { get; }

        /// <summary>Where Azurite keeps its data, or null when it keeps it in memory.</summary>
        public string? Folder { get; }

        public async ValueTask DisposeAsync()
        {
            await Fixture.DisposeAsync();
            if (Folder is not null && Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }
        }
    }
}
