using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Storage;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.LoadTest;

/// <summary>
/// Faults through the real path (DevHost + compiled worker + an on-disk Azurite): malformed article files,
/// storage down under feedback load, the worker killed under read load. Prints progress, then one table.
/// </summary>
public sealed class FaultRuns
{
    private const string PoisonQueue = "webjobs-blobtrigger-poison";
    private const int Seed = 20261129;
    private const int LiveArticles = 20;

    private readonly List<(string Measure, string Value, string Target, bool Met)> _table = [];
    private readonly AzuriteFixture _azurite;
    private readonly DevHostRun _host;
    private readonly HttpClient _client;
    private readonly string _editorSession;
    private readonly string[] _live = [.. Enumerable.Range(0, LiveArticles).Select(i => $"live-{i}")];

    private FaultRuns(AzuriteFixture azurite, DevHostRun host, string editorSession)
    {
        (_azurite, _host, _editorSession) = (azurite, host, editorSession);
        _client = ClientFrom(IPAddress.Loopback);
    }

    /// <summary>A client whose connections come from <paramref name="local"/>, so the app sees it as its own reader.</summary>
    private HttpClient ClientFrom(IPAddress local)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = 64,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                socket.Bind(new IPEndPoint(local, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        {
            BaseAddress = _host.BaseUri,
            Timeout = TimeSpan.FromSeconds(60),
        };
        // Signed in as an editor, who may read the reports back.
        client.DefaultRequestHeaders.Add("Cookie", _editorSession);
        return client;
    }

    public static async Task RunAsync(string devHost, string functionApp, int files, TimeSpan outage)
    {
        var data = Directory.CreateTempSubdirectory("budapest-post-faults-");
        // On disk, so Azurite comes back with its data on the same ports after the outage.
        var azurite = AzuriteFixture.OnDisk(data.FullName);
        try
        {
            await azurite.InitializeAsync();
            // Sixteen clients on one loopback address would hit the feedback rate limits within a second.
            using var settings = LocalSettingsFile.Create(azurite.ConnectionString, new Dictionary<string, string>
            {
                ["Feedback__PerArticlePermitLimit"] = "10000",
                ["Feedback__PerClientPermitLimit"] = "100000",
            });
            await using var host = await DevHostRun.StartAsync(devHost, functionApp, settings.Path, "api/health");
            var runs = new FaultRuns(azurite, host, await host.SessionCookieAsync("Bench Editor", "Editor"));
            await runs.PublishLiveArticlesAsync();
            await runs.MalformedFilesAsync(files);
            await runs.StorageOutageAsync(outage);
            await runs.WorkerKillAsync();
            runs.PrintTable();
        }
        finally
        {
            await azurite.DisposeAsync();
            data.Delete(recursive: true);
        }
    }

    private async Task PublishLiveArticlesAsync()
    {
        Console.WriteLine($"publishing {LiveArticles} live articles");
        var articles = _azurite.BlobService.GetBlobContainerClient(StorageOptions.ArticlesContainer);
        await articles.CreateIfNotExistsAsync();
        foreach (var slug in _live)
        {
            await articles.GetBlobClient(slug + ".md").UploadAsync(new BinaryData(new ArticleFileBuilder().WithTitle("Live " + slug).Build()), overwrite: true);
        }
        foreach (var slug in _live)
        {
            await UntilAsync(async () => (await _client.GetAsync($"api/articles/{slug}")).StatusCode == HttpStatusCode.OK, TimeSpan.FromMinutes(5));
        }
    }

    /// <summary>
    /// Uploads the seeded malformed files in batches of distinct names (an overwrite before the trigger saw the
    /// version before would leave nothing to record), waits for each file's PublishErrors row, samples worker memory.
    /// </summary>
    private async Task MalformedFilesAsync(int count)
    {
        var articles = _azurite.BlobService.GetBlobContainerClient(StorageOptions.ArticlesContainer);
        var generator = new MalformedArticleFiles(Seed);
        var files = Enumerable.Range(0, count).Select(index => generator.Next(index, _live)).ToList();
        var liveBefore = await LiveVersionsAsync();
        var worker = await WorkerAsync();
        var rssStart = WorkerProcess.ResidentMiB(worker) ?? 0;
        var rssPeak = rssStart;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                rssPeak = Math.Max(rssPeak, WorkerProcess.ResidentMiB(worker) ?? 0);
                await Task.Delay(200);
            }
        });

        Console.WriteLine($"malformed files: {count:N0} (seed {Seed}, kinds {string.Join(", ", MalformedArticleFiles.Kinds)}); worker {worker} at {rssStart:F0} MiB");
        var clock = Stopwatch.StartNew();
        var expected = new HashSet<(string Partition, string ETag)>();
        var recorded = new HashSet<(string Partition, string ETag)>();
        var done = 0;
        foreach (var batch in DistinctNameBatches(files))
        {
            var etags = await Task.WhenAll(batch.Select(async file =>
                (await articles.GetBlobClient(file.Name).UploadAsync(new BinaryData(file.Content), overwrite: true)).Value.ETag.ToString()));
            var wanted = batch.Zip(etags, (file, etag) => (PublishErrorLog.PartitionFor(file.Name), etag)).ToList();
            expected.UnionWith(wanted);
            await UntilAsync(async () =>
            {
                recorded = await RecordedErrorsAsync();
                return wanted.All(recorded.Contains);
            }, TimeSpan.FromMinutes(2));
            done += batch.Count;
            Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:F0} s: {done:N0} of {count:N0} uploaded, {expected.Count(recorded.Contains):N0} recorded, worker {WorkerProcess.ResidentMiB(worker):F0} MiB");
        }
        // Anything failing is retried with back-off before it would reach the poison queue: wait for the pipeline to drain.
        await UntilAsync(async () => (await _host.GetStatusAsync()).GetProperty("pendingBlobs").GetInt32() == 0, TimeSpan.FromMinutes(5));
        var recordedCount = expected.Count((await RecordedErrorsAsync()).Contains);
        var poison = await PoisonMessagesAsync();
        var liveSame = (await LiveVersionsAsync()).Zip(liveBefore).Count(pair => pair.First == pair.Second);
        await Task.Delay(TimeSpan.FromSeconds(10)); // let the worker settle before "after"
        await sampling.CancelAsync();
        await sampler;
        var rssAfter = WorkerProcess.ResidentMiB(worker) ?? double.NaN;

        Add("malformed files with a PublishErrors row", $"{recordedCount:N0} of {expected.Count:N0} ({clock.Elapsed.TotalSeconds:F0} s)", "all", recordedCount == expected.Count);
        Add($"messages in {PoisonQueue}", poison.ToString(), "0", poison == 0);
        Add("live articles unchanged (GET before = after)", $"{liveSame} of {_live.Length}", "all", liveSame == _live.Length);
        Add("worker RSS start / peak / after", $"{rssStart:F0} / {rssPeak:F0} / {rssAfter:F0} MiB ({(rssAfter / rssStart - 1) * 100:+0;-0} %)", "after ≤ start + 20 %", rssAfter <= rssStart * 1.2);
    }

    private static IEnumerable<List<(string Kind, string Name, byte[] Content)>> DistinctNameBatches(List<(string Kind, string Name, byte[] Content)> files)
    {
        var batch = new List<(string Kind, string Name, byte[] Content)>();
        foreach (var file in files)
        {
            if (batch.Any(other => other.Name == file.Name))
            {
                yield return batch;
                batch = [];
            }
            batch.Add(file);
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private async Task<HashSet<(string Partition, string ETag)>> RecordedErrorsAsync()
    {
        var table = _azurite.TableService.GetTableClient(new StorageOptions().PublishErrorsTable);
        var rows = new HashSet<(string, string)>();
        await foreach (var row in table.QueryAsync<TableEntity>(select: ["PartitionKey", "BlobETag"]))
        {
            rows.Add((row.PartitionKey, row.GetString("BlobETag") ?? ""));
        }
        return rows;
    }

    private async Task<int> PoisonMessagesAsync()
    {
        var queue = new QueueServiceClient(_azurite.ConnectionString).GetQueueClient(PoisonQueue);
        return await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
    }

    private async Task<List<string>> LiveVersionsAsync()
    {
        var versions = new List<string>();
        foreach (var slug in _live)
        {
            using var response = await _client.GetAsync($"api/articles/{slug}");
            var body = await response.Content.ReadAsByteArrayAsync();
            versions.Add($"{(int)response.StatusCode} {response.Headers.ETag} {Convert.ToHexString(SHA256.HashData(body))}");
        }
        return versions;
    }

    /// <summary>Sixteen clients post feedback while Azurite is stopped for <paramref name="outage"/> and started again.</summary>
    private async Task StorageOutageAsync(TimeSpan outage)
    {
        const int clients = 16;
        var slug = _live[0];
        Console.WriteLine($"storage outage: {clients} clients posting feedback; Azurite stopped for {outage.TotalSeconds:F0} s");
        var answers = new ConcurrentQueue<Answer>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        // Each client from its own loopback address: one address would be one reader, held to one reader's rate limits.
        var readers = Enumerable.Range(0, clients).Select(i => ClientFrom(IPAddress.Parse($"127.0.0.{i + 2}"))).ToList();
        var load = Clients(readers, answers, clock, stop.Token, client => client.PostAsJsonAsync($"api/articles/{slug}/feedback",
            new { kind = "typo", message = "The lead says 'defense' and the body 'defence'." }));

        await Task.Delay(TimeSpan.FromSeconds(5));
        var stopping = clock.Elapsed;
        _azurite.Stop();
        var stoppedAt = clock.Elapsed;
        Console.WriteLine($"{stoppedAt.TotalSeconds,6:F0} s: Azurite stopped in {(stoppedAt - stopping).TotalMilliseconds:F0} ms ({answers.Count} answers so far)");
        await Task.Delay(outage);
        await _azurite.StartAsync();
        var restartedAt = clock.Elapsed;
        Console.WriteLine($"{restartedAt.TotalSeconds,6:F0} s: Azurite listening again; waiting for the first 201");
        await UntilAsync(() => Task.FromResult(answers.Any(a => a.SentAt > restartedAt && a.Status == 201)), TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stop.CancelAsync();
        await load;
        readers.ForEach(reader => reader.Dispose());

        var all = answers.ToList();
        var created = all.Where(a => a.Status == 201).ToList();
        var readable = 0;
        foreach (var answer in created)
        {
            readable += (await _client.GetAsync($"api/feedback/{slug}/{answer.Id}")).StatusCode == HttpStatusCode.OK ? 1 : 0;
        }
        var firstCreated = created.Where(a => a.SentAt > restartedAt).Select(a => a.AnsweredAt).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        Add("feedback during the outage: statuses", Statuses(all), "201 or 503", all.All(a => a.Status is 201 or 503));
        Add("  503 with Retry-After and problem+json", Proper503(all), "all", all.Where(a => a.Status == 503).All(a => a.Proper));
        Add("  201 reports readable afterwards", $"{readable:N0} of {created.Count:N0}", "all", readable == created.Count);
        Add("  Azurite back -> first 201 (no app restart)", Milliseconds(firstCreated - restartedAt), "recovers", firstCreated != TimeSpan.MaxValue);
    }

    /// <summary>Eight clients read an article while the worker is killed with SIGKILL.</summary>
    private async Task WorkerKillAsync()
    {
        const int clients = 8;
        await UntilAsync(async () => (await _host.GetStatusAsync()).GetProperty("worker").GetProperty("standbyProcessId").ValueKind == JsonValueKind.Number,
            TimeSpan.FromMinutes(2));
        var worker = await WorkerAsync();
        Console.WriteLine($"worker kill: {clients} clients reading an article; kill -9 {worker}");
        var answers = new ConcurrentQueue<Answer>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var load = Clients(Enumerable.Repeat(_client, clients).ToList(), answers, clock, stop.Token, client => client.GetAsync($"api/articles/{_live[1]}"));

        await UntilAsync(() => Task.FromResult(answers.Count >= 50), TimeSpan.FromMinutes(1));
        using (var kill = Process.Start("kill", ["-KILL", worker.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        var killedAt = clock.Elapsed;
        await UntilAsync(() => Task.FromResult(answers.Any(a => a.SentAt > killedAt && a.Status == 200)), TimeSpan.FromMinutes(2));
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await load;

        var all = answers.ToList();
        var firstOk = all.Where(a => a.SentAt > killedAt && a.Status == 200).Select(a => a.AnsweredAt).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        Add("worker killed under reads: statuses", Statuses(all), "200 or 503", all.All(a => a.Status is 200 or 503));
        Add("  503 with Retry-After and problem+json", Proper503(all), "all", all.Where(a => a.Status == 503).All(a => a.Proper));
        Add("  kill -> first 200", Milliseconds(firstOk - killedAt), "≤ 3 s", firstOk - killedAt <= TimeSpan.FromSeconds(3));
    }

    /// <summary>Closed-loop clients, each sending its next request when the last one is answered, until stopped.</summary>
    private static Task Clients(List<HttpClient> clients, ConcurrentQueue<Answer> answers, Stopwatch clock, CancellationToken stop,
        Func<HttpClient, Task<HttpResponseMessage>> send) =>
        Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sentAt = clock.Elapsed;
                try
                {
                    using var response = await send(client);
                    var id = response.StatusCode == HttpStatusCode.Created
                        ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()
                        : null;
                    answers.Enqueue(new Answer(sentAt, clock.Elapsed, (int)response.StatusCode, id,
                        response.Headers.RetryAfter is not null && response.Content.Headers.ContentType?.MediaType == "application/problem+json"));
                }
                catch (HttpRequestException)
                {
                    answers.Enqueue(new Answer(sentAt, clock.Elapsed, 0, null, false)); // no answer at all: counted as status 0
                }
                catch (TaskCanceledException)
                {
                    answers.Enqueue(new Answer(sentAt, clock.Elapsed, 0, null, false));
                }
            }
        })));

    private async Task<int> WorkerAsync() =>
        WorkerProcess.Of((await _host.GetStatusAsync()).GetProperty("worker").GetProperty("processId").GetInt32());

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > timeout)
            {
                Console.WriteLine($"gave up waiting after {timeout.TotalSeconds:F0} s; the table shows what was reached");
                return;
            }
            await Task.Delay(500);
        }
    }

    private static string Statuses(List<Answer> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count():N0}"));

    private static string Proper503(List<Answer> answers) =>
        $"{answers.Count(a => a.Status == 503 && a.Proper):N0} of {answers.Count(a => a.Status == 503):N0}";

    private static string Milliseconds(TimeSpan elapsed) => elapsed < TimeSpan.FromDays(1) ? $"{elapsed.TotalMilliseconds:F0} ms" : "never";

    private void Add(string measure, string value, string target, bool met) => _table.Add((measure, value, target, met));

    private void PrintTable()
    {
        Console.WriteLine();
        Console.WriteLine($"{"measure",-48} {"result",-44} {"target",-20} met");
        foreach (var (measure, value, target, met) in _table)
        {
            Console.WriteLine($"{measure,-48} {value,-44} {target,-20} {(met ? "yes" : "NO")}");
        }
    }

    private sealed record Answer(TimeSpan SentAt, TimeSpan AnsweredAt, int Status, string? Id, bool Proper);
}
