using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.LoadTest;

/// <summary>
/// The reader-facing API under load, side by side with the raw storage calls it is built on, all in one run:
/// a fresh Azurite, the DevHost with a compiled function app, the sample articles published through the
/// blob trigger; then raw blob GET and raw table AddEntity from the same clients, and the API's read and
/// feedback endpoints and the website's article page. Every client connects from its own loopback address.
/// </summary>
public sealed class ApiLoadSuite(string devHost, int concurrency, TimeSpan warmUp, TimeSpan duration)
{
    /// <summary>The sample with the largest rendered version (about 9.5 KB of JSON).</summary>
    public const string Seed = "not-an-enemy-any-more-why-russia-is-courting-the-taliban";

    // Limits stay enforced (every report is counted in the table) but high enough that no client is refused.
    private static readonly Dictionary<string, string> LimitsSetHigh = new()
    {
        ["Feedback__PerArticlePermitLimit"] = "10000",
        ["Feedback__PerClientPermitLimit"] = "100000",
    };

    private static readonly string FeedbackJson = JsonSerializer.Serialize(new
    {
        kind = "inaccuracy",
        message = string.Concat(Enumerable.Repeat("The second paragraph gives the wrong year for the agreement. ", 15)),
        quote = "Despite the hardline Islamist group tracing its origins back to the war against the Soviets",
    });

    /// <summary>
    /// Measures each compiled function app (bin folder) in turn, each on a storage of its own, and prints a table
    /// per app; apps after the first (say, a build of the previous version) are its baselines in the same run.
    /// </summary>
    public static async Task RunAsync(string devHost, IReadOnlyList<string> appDirectories, TimeSpan duration, int concurrency)
    {
        var warmUp = TimeSpan.FromSeconds(2);
        Console.WriteLine($"API load ({Environment.ProcessorCount} cores, {DateTime.UtcNow:u}): {concurrency} clients from " +
            $"{LoopbackClients.Address(0)} on, {warmUp.TotalSeconds:F0} s warm-up, {duration.TotalSeconds:F0} s measured per case");
        var suite = new ApiLoadSuite(devHost, concurrency, warmUp, duration);
        for (var i = 0; i < appDirectories.Count; i++)
        {
            await suite.RunAsync(i == 0 ? "this build" : $"app {i + 1}", appDirectories[i]);
        }
    }

    /// <summary>Measures one compiled function app (its bin folder) on a storage of its own and prints a table.</summary>
    private async Task RunAsync(string label, string appDirectory)
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        using var settings = LocalSettingsFile.Create(azurite.ConnectionString);
        try
        {
            Console.WriteLine($"\n## {label}: {appDirectory}");
            // Polling off: listing the containers and checking a receipt per blob would load Azurite while it is
            // measured. The blob triggers fire from Event Grid events to the webhook instead, as in Azure.
            await using var host = await DevHostRun.StartAsync(devHost, appDirectory, settings.Path, "api/health", LimitsSetHigh,
                BlobEventDelivery.DevHostArguments);
            Console.WriteLine($"DevHost answering after {host.Startup.TotalSeconds:F1} s; publishing the samples…");
            await SampleArticles.PublishAsync(azurite.BlobService, host.BaseUri, Seed);
            var cpu = ProcessCpu.Supported
                ? new ProcessCpu(
                [
                    ("Azurite", azurite.ProcessId!.Value, ProcessCpu.Scope.WithDescendants),
                    ("DevHost", host.ProcessId, ProcessCpu.Scope.Alone),
                    ("workers", host.ProcessId, ProcessCpu.Scope.Descendants),
                    ("clients", Environment.ProcessId, ProcessCpu.Scope.Alone),
                ])
                : null;
            var results = await MeasureAsync(azurite, host.BaseUri, cpu);
            Console.WriteLine(LoadResult.TableHeader);
            foreach (var (result, baselines) in results)
            {
                Console.WriteLine(result.Row(baselines));
            }
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    private async Task<List<(LoadResult Result, LoadResult[] Baselines)>> MeasureAsync(AzuriteFixture azurite, Uri api, ProcessCpu? cpu)
    {
        var http = Enumerable.Range(0, concurrency).Select(LoopbackClients.HttpClient).ToList();
        var rendered = await RenderedVersionAsync(azurite);
        var properties = await rendered.GetPropertiesAsync();
        var article = new Uri(api, $"api/articles/{Seed}");
        var etag = (await http[0].GetAsync(article)).Headers.ETag
            ?? throw new InvalidOperationException($"GET {article} sent no ETag.");

        var results = new List<(LoadResult, LoadResult[])>();
        async Task<LoadResult> Run(string name, Func<int, Func<Task<int>>> client, params LoadResult[] baselines)
        {
            Console.Write($"  {name}… ");
            var result = await LoadGenerator.RunAsync(name, Enumerable.Range(0, concurrency).Select(client).ToList(), warmUp, duration, cpu);
            // Azurite runs on one thread: on a crowded machine it gets a thin share, and every case that waits on it slows.
            Console.WriteLine($"{result.RequestsPerSecond:F0} req/s (load average {LoadAverage()})");
            results.Add((result, baselines));
            return result;
        }
        Func<Task<int>> Get(int client, Uri url, Action<HttpRequestMessage>? decorate = null) =>
            LoadGenerator.Send(http[client], () => new HttpRequestMessage(HttpMethod.Get, url), decorate);

        var blobGet = await Run($"raw blob GET, {properties.Value.ContentLength / 1024.0:F1} KB", client => BlobGet(azurite, rendered, client));
        await Run($"GET /api/articles/{{slug}}", client => Get(client, article), blobGet);
        await Run("same with If-None-Match → 304", client => Get(client, article, r => r.Headers.IfNoneMatch.Add(etag)), blobGet);

        // The website's article page, as a reader without compression gets it, beside a blob of the same size.
        var page = new Uri(api, $"articles/{Seed}");
        var served = await http[0].GetAsync(page);
        var pageEtag = served.Headers.ETag ?? throw new InvalidOperationException($"GET {page} sent no ETag.");
        var pageBlob = await UploadAsync(azurite, "page-sized", await served.Content.ReadAsByteArrayAsync());
        var pageBlobGet = await Run($"raw blob GET, {(await pageBlob.GetPropertiesAsync()).Value.ContentLength / 1024.0:F1} KB (the page's size)",
            client => BlobGet(azurite, pageBlob, client));
        await Run("GET /articles/{slug} (HTML page)", client => Get(client, page), pageBlobGet);
        await Run("same with If-None-Match → 304", client => Get(client, page, r => r.Headers.IfNoneMatch.Add(pageEtag)), pageBlobGet);
        await Run("GET /api/articles?limit=20", client => Get(client, new Uri(api, "api/articles?limit=20")), blobGet);
        await Run("GET /api/articles/{slug}/related", client => Get(client, new Uri(api, $"api/articles/{Seed}/related")), blobGet);

        var table = new TableClient(azurite.ConnectionString, "RawLoad", new TableClientOptions { Transport = Transport(0) });
        await table.CreateIfNotExistsAsync();
        var addEntity = await Run("raw table AddEntity, ~1 KB", client =>
        {
            var bound = new TableClient(azurite.ConnectionString, "RawLoad", new TableClientOptions { Transport = Transport(client) });
            return () => StatusOf(async () => (await bound.AddEntityAsync(new TableEntity($"client{client}", Guid.NewGuid().ToString("N"))
            {
                ["Message"] = FeedbackJson,
            })).Status);
        });
        // What a report costs at least: one transaction in the article's partition adding the report and updating
        // its counter (Azurite runs transactions far slower than single writes; Azure bills and serves them as one).
        var transaction = await Run("raw table transaction: add ~1 KB + update counter", client =>
        {
            // One partition for all clients, as all reports on one article share its partition; a counter row per client.
            var bound = new TableClient(azurite.ConnectionString, "RawLoad", new TableClientOptions { Transport = Transport(client) });
            const string partition = "article";
            var counterRow = $"~counter~{client}";
            var counter = default(ETag);
            return () => StatusOf(async () =>
            {
                var response = await bound.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity(partition, Guid.NewGuid().ToString("N")) { ["Message"] = FeedbackJson }),
                    counter == default
                        ? new(TableTransactionActionType.Add, new TableEntity(partition, counterRow) { ["Count"] = 1 })
                        : new(TableTransactionActionType.UpdateReplace, new TableEntity(partition, counterRow) { ["Count"] = 2 }, counter),
                ]);
                counter = response.Value[^1].Headers.ETag ?? default;
                return response.GetRawResponse().Status;
            });
        });
        // A report's storage calls as the app makes them for a returning client, without the app: its counter over
        // all articles (another partition) updated under its ETag, then the transaction above. The floor of the POST.
        var reportCalls = await Run("raw table update + transaction: a report's two calls", client =>
        {
            var bound = new TableClient(azurite.ConnectionString, "RawLoad", new TableClientOptions { Transport = Transport(client) });
            var (clientCounter, articleCounter) = (default(ETag), default(ETag));
            return () => StatusOf(async () =>
            {
                var updated = clientCounter == default
                    ? await bound.AddEntityAsync(new TableEntity("clients", $"~report~{client}") { ["Count"] = 1 })
                    : await bound.UpdateEntityAsync(new TableEntity("clients", $"~report~{client}") { ["Count"] = 2 }, clientCounter, TableUpdateMode.Replace);
                clientCounter = updated.Headers.ETag ?? default;
                var response = await bound.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity("article", Guid.NewGuid().ToString("N")) { ["Message"] = FeedbackJson }),
                    articleCounter == default
                        ? new(TableTransactionActionType.Add, new TableEntity("article", $"~report~{client}") { ["Count"] = 1 })
                        : new(TableTransactionActionType.UpdateReplace, new TableEntity("article", $"~report~{client}") { ["Count"] = 2 }, articleCounter),
                ]);
                articleCounter = response.Value[^1].Headers.ETag ?? default;
                return response.GetRawResponse().Status;
            });
        });
        await Run("POST …/{slug}/feedback, ~1 KB, limits enforced", client => LoadGenerator.Send(http[client], () =>
            new HttpRequestMessage(HttpMethod.Post, new Uri(api, $"api/articles/{Seed}/feedback"))
            {
                Content = new StringContent(FeedbackJson, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            }), addEntity, transaction, reportCalls);
        return results;
    }

    // Streamed and read to the end: through a transport with its own handler, DownloadContentAsync measured several
    // times slower than the same GET streamed, a cost of the SDK's buffering and not of storage.
    private static Func<Task<int>> BlobGet(AzuriteFixture azurite, BlobClient source, int client)
    {
        var blob = new BlobClient(azurite.ConnectionString, source.BlobContainerName, source.Name, new BlobClientOptions { Transport = Transport(client) });
        return () => StatusOf(async () =>
        {
            var download = await blob.DownloadStreamingAsync();
            using var streamed = download.Value;
            await streamed.Content.CopyToAsync(Stream.Null);
            return download.GetRawResponse().Status;
        });
    }

    private static async Task<BlobClient> UploadAsync(AzuriteFixture azurite, string name, byte[] content)
    {
        var container = azurite.BlobService.GetBlobContainerClient("rawload");
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(content), overwrite: true);
        return blob;
    }

    // The rendered version the API serves for the seed article: the blob a raw GET reads.
    private static async Task<BlobClient> RenderedVersionAsync(AzuriteFixture azurite)
    {
        var container = azurite.BlobService.GetBlobContainerClient("published");
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, Seed + "/", CancellationToken.None))
        {
            if (blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                return container.GetBlobClient(blob.Name);
            }
        }
        throw new InvalidOperationException($"No rendered version of {Seed} in 'published'.");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    // Storage SDK clients from the same loopback address as the HTTP client of the same number.
    private static HttpClientTransport Transport(int client) => new(LoopbackClients.Handler(client));

    private static async Task<int> StatusOf(Func<Task<int>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException exception)
        {
            return exception.Status;
        }
    }
}
