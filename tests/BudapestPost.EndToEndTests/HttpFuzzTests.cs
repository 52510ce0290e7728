using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BudapestPost.Testing;
using Xunit.Abstractions;

namespace BudapestPost.EndToEndTests;

/// <summary>
/// Seeded HTTP fuzz over every route of the real function app through the DevHost: no 5xx, every 4xx a problem
/// (application/problem+json) — at an address outside the API's, which is the website's, its page (text/html) or the
/// host's own problem — and no refused request changes stored data. Bounded: 6,000 generated requests, then
/// at most 4,000 replays of the refused ones against a quiet store to check nothing was written.
/// </summary>
[Collection(FunctionAppCollection.Name)]
public sealed class HttpFuzzTests(FunctionAppFixture app, ITestOutputHelper output)
{
    private const int Seed = 20_261_129;
    private const int Requests = 6_000;
    private const int MaxReplays = 4_000;
    private const int Concurrency = 8;
    private const int ReplayBatch = 250;

    [Fact]
    public async Task Fuzz_EveryRoute_No5xxEvery4xxAProblemAndRefusalsWriteNothing()
    {
        var api = new ArticleApi(app);
        var slug = ArticleApi.NewSlug("fuzz-live");
        await api.UploadAsync(slug, new ArticleFileBuilder().WithTags("fuzz"));
        await api.WaitUntilListedAsync(slug);
        using var client = FuzzClient();

        var requests = new HttpFuzzRequests(Seed, slug, await SessionCookiesAsync()).Generate(Requests).ToList();
        var results = await SendAllAsync(client, requests);
        var failures = results.Where(result => Failure(result) is not null).Select(result => Failure(result)!).ToList();
        Report("generated", results);

        var refused = results.Where(result => result.Status is not (>= 200 and < 300) and not 429 and not 0)
            .Select(result => result.Request).Take(MaxReplays).ToList();
        failures.AddRange(await ReplayRefusedAsync(client, refused));

        foreach (var failure in failures)
        {
            output.WriteLine("FAILURE " + failure);
        }
        Assert.True(failures.Count == 0,
            $"{failures.Count} failures (seed {Seed}), the first 40 (all in the test output):\n" + string.Join('\n', failures.Take(40)));
    }

    private async Task<IReadOnlyList<string>> SessionCookiesAsync() =>
        [await app.Host.SessionCookieAsync(DevHostProcess.EditorName, "Editor"), await app.Host.SessionCookieAsync(DevHostProcess.AdminName, "Admin")];

    private HttpClient FuzzClient() =>
        new(new SocketsHttpHandler
        {
            // Header values go out as UTF-8 bytes, as curl sends them, instead of being refused by the client.
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
            AllowAutoRedirect = false,
            UseCookies = false,
        })
        {
            BaseAddress = app.Client.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };

    private static async Task<List<FuzzResult>> SendAllAsync(HttpClient client, IReadOnlyList<FuzzRequest> requests)
    {
        var results = new ConcurrentBag<FuzzResult>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (request, token) =>
        {
            results.Add(await SendAsync(client, request, token));
        });
        return results.OrderBy(result => result.Request.Index).ToList();
    }

    private static async Task<FuzzResult> SendAsync(HttpClient client, FuzzRequest request, CancellationToken token)
    {
        using var message = request.ToMessage();
        try
        {
            using var response = await client.SendAsync(message, token);
            var body = await response.Content.ReadAsStringAsync(token);
            // Kestrel's own rejections (before any code runs) are bodiless and close the connection.
            var kestrelRejection = response.Headers.ConnectionClose == true && body.Length == 0 && response.Content.Headers.ContentType is null;
            return new FuzzResult(request, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, kestrelRejection);
        }
        catch (HttpRequestException exception)
        {
            // Status 0: the client could not send it or the connection dropped; reported as a failure below,
            // except where Kestrel refuses the request line (a %00 path) and closes the connection while a
            // large body is still being sent: the same rejection as above, seen from the client's side.
            return new FuzzResult(request, 0, null, exception.Message, KestrelRejection: request.PathAndQuery.Contains("%00", StringComparison.Ordinal));
        }
    }

    private static string? Failure(FuzzResult result) => result switch
    {
        { Status: 0, KestrelRejection: false } => $"no response: {result.Request} -> {result.Body}",
        { Status: >= 500 } => $"{result.Status}: {Cut(result.Request.ToString())} -> {Cut(result.Body)}",
        { Status: >= 400, KestrelRejection: false } when result.Request.Method != "HEAD" && result.ContentType != ErrorMediaType(result.Request)
            && !(IsWebsite(result.Request) && FuzzRequest.IsHostAnswer(result.Body)) =>
            $"{result.Status} as {result.ContentType ?? "no content type"}: {Cut(result.Request.ToString())} -> {Cut(result.Body)}",
        _ => null,
    };

    // The API, the host's admin and webhook addresses answer problems; every other address is the website's, whose
    // 4xx are its pages (or the host's own problem, when no page ran).
    private static string ErrorMediaType(FuzzRequest request) => IsWebsite(request) ? "text/html" : "application/problem+json";

    private static bool IsWebsite(FuzzRequest request) =>
        !new[] { "api/", "admin/", "runtime/webhooks/blobs" }.Any(prefix => request.PathAndQuery.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Replays refused requests in batches between two snapshots of a quiet store; any change is a failure.</summary>
    private async Task<List<string>> ReplayRefusedAsync(HttpClient client, IReadOnlyList<FuzzRequest> refused)
    {
        var failures = new List<string>();
        var replayed = new List<FuzzResult>();
        foreach (var batch in refused.Chunk(ReplayBatch))
        {
            for (var attempt = 1; ; attempt++)
            {
                var ticks = await TimerTicksAsync();
                var before = await QuietSnapshotAsync();
                var results = await SendAllAsync(client, batch);
                replayed.AddRange(results);
                if (results.Any(result => result.Status is >= 200 and < 300))
                {
                    break; // Accepted this time (a slug published meanwhile, say): its writes are allowed.
                }
                var changes = (await StorageSnapshot.TakeAsync(app.Storage)).ChangesSince(before);
                if (changes.Count == 0)
                {
                    break;
                }
                // A timer that ran meanwhile (the newsletter's first tick, say) writes on its own: the batch goes again.
                await Task.Delay(TimeSpan.FromSeconds(1));
                if (attempt < 3 && !ticks.SequenceEqual(await TimerTicksAsync()))
                {
                    output.WriteLine($"a timer ran while #{batch[0].Index}..#{batch[^1].Index} were replayed; again");
                    continue;
                }
                failures.Add($"refused requests #{batch[0].Index}..#{batch[^1].Index} changed stored data: {string.Join("; ", changes.Take(10))}");
                break;
            }
        }
        Report("replayed refusals", replayed);
        return failures;
    }

    /// <summary>The monitored timers' status blobs by ETag: each run of a timer changes its own.</summary>
    private async Task<List<string>> TimerTicksAsync()
    {
        var hosts = app.Storage.BlobService.GetBlobContainerClient("azure-webjobs-hosts");
        var ticks = new List<string>();
        if (await hosts.ExistsAsync())
        {
            await foreach (var blob in hosts.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "timers/", default))
            {
                ticks.Add($"{blob.Name} {blob.Properties.ETag}");
            }
        }
        return ticks;
    }

    /// <summary>A snapshot once background work (blob triggers of accepted uploads) has finished.</summary>
    private async Task<StorageSnapshot> QuietSnapshotAsync()
    {
        var previous = await StorageSnapshot.TakeAsync(app.Storage);
        for (var attempt = 0; attempt < 60; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var status = await app.Client.GetFromJsonAsync<JsonElement>("admin/host/status");
            var current = await StorageSnapshot.TakeAsync(app.Storage);
            if (status.GetProperty("pendingBlobs").GetInt32() == 0 && current.ChangesSince(previous).Count == 0)
            {
                return current;
            }
            previous = current;
        }
        throw new TimeoutException("Storage did not settle within a minute.");
    }

    private void Report(string phase, IReadOnlyList<FuzzResult> results)
    {
        var byStatus = results.GroupBy(result => result.Status).OrderBy(group => group.Key).Select(group => $"{group.Key} x {group.Count()}");
        output.WriteLine($"{phase}: {results.Count} requests: {string.Join(", ", byStatus)}");
        var kestrel = results.Where(result => result.KestrelRejection).ToList();
        output.WriteLine($"{phase}: {kestrel.Count} rejected by Kestrel before any code ran (bodiless {string.Join("/", kestrel.Select(r => r.Status).Distinct())}), e.g.:");
        foreach (var result in kestrel.Take(5))
        {
            output.WriteLine("  " + Cut(result.Request.ToString()));
        }
    }

    private static string Cut(string text) => text.Length > 500 ? text[..500] + "…" : text;

    private sealed record FuzzResult(FuzzRequest Request, int Status, string? ContentType, string Body, bool KestrelRejection);
}
