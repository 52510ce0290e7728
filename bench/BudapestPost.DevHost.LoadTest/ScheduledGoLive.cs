using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using BudapestPost.Core.Articles;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.LoadTest;

/// <summary>
/// Scheduled publishing through the DevHost and the real worker: N article files all dated the same coming minute,
/// uploaded and scheduled, then timed from that minute until every one is in the listing, the site-wide feed's
/// order and search. The baseline is the same files dated in the past, timed from the end of their upload.
/// </summary>
public static class ScheduledGoLive
{
    // Every synthetic title gets it, so one search finds the whole batch.
    private const string BatchWord = "zorvexa";

    public static async Task RunAsync(string devHost, string functionApp, int count)
    {
        Console.WriteLine($"scheduled go-live of {count:N0} articles ({Environment.ProcessorCount} cores, load average {RelatedImport.LoadAverage()})");
        var scheduled = await RunOnceAsync(devHost, functionApp, count, scheduledAhead: true);
        var baseline = await RunOnceAsync(devHost, functionApp, count, scheduledAhead: false);
        Console.WriteLine($"| run | articles | all listed, in the feed's order and found by search | poison |");
        Console.WriteLine($"|---|---|---|---|");
        Console.WriteLine($"| baseline: uploaded dated in the past, from the end of the upload | {count:N0} | {baseline.Live.TotalSeconds:F0} s | {baseline.Poison} |");
        Console.WriteLine($"| scheduled for one minute, from that minute | {count:N0} | {scheduled.Live.TotalSeconds:F0} s | {scheduled.Poison} |");
    }

    private static async Task<(TimeSpan Live, int Poison)> RunOnceAsync(string devHost, string functionApp, int count, bool scheduledAhead)
    {
        await using var azurite = new RelatedImport.AzuriteHandle(onDisk: true);
        using var settings = LocalSettingsFile.Create(azurite.Fixture.ConnectionString);
        await using var host = await DevHostRun.StartAsync(devHost, functionApp, settings.Path, "api/health");
        using var client = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromMinutes(1) };
        var sources = azurite.Fixture.BlobService.GetBlobContainerClient("articles");
        await sources.CreateIfNotExistsAsync();

        // Far enough ahead for the upload and the scheduling of every file on a busy machine.
        var now = DateTimeOffset.UtcNow;
        var minute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(scheduledAhead ? 5 : -5);
        var articles = new SyntheticArticles(count).Articles()
            .Select(article => article with { Title = $"{BatchWord} {article.Title}", Published = minute }).ToArray();
        Console.WriteLine(scheduledAhead
            ? $"uploading {count:N0} files dated {minute:u}, 16 at a time (blob polling)"
            : $"baseline: uploading {count:N0} files dated {minute:u}, 16 at a time (blob polling)");
        var upload = Stopwatch.StartNew();
        await Parallel.ForEachAsync(articles, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (article, ct) =>
            await sources.GetBlobClient(article.Slug + ".md").UploadAsync(new BinaryData(RelatedImport.ArticleFile(article)), ct));
        Console.WriteLine($"uploaded in {upload.Elapsed.TotalSeconds:F0} s");

        DateTimeOffset from;
        if (scheduledAhead)
        {
            var editor = await host.SessionCookieAsync("Bench Editor", "Editor");
            while (await CountScheduledAsync(client, editor) is var waiting && waiting < count)
            {
                Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss}: {waiting:N0} of {count:N0} scheduled; load average {RelatedImport.LoadAverage()}");
                await Task.Delay(TimeSpan.FromSeconds(10));
            }
            var early = await ProgressAsync(client, count, articles);
            Console.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss}: all {count:N0} scheduled, {minute - DateTimeOffset.UtcNow:mm\\:ss} before their time; live so far: {early}");
            if (DateTimeOffset.UtcNow > minute)
            {
                Console.WriteLine("the scheduling took longer than the time they were dated: the run does not measure the go-live");
            }
            from = minute;
        }
        else
        {
            from = DateTimeOffset.UtcNow;
        }

        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            var progress = await ProgressAsync(client, count, articles);
            var elapsed = DateTimeOffset.UtcNow - from;
            Console.WriteLine($"{elapsed.TotalSeconds,6:F0} s: {progress}; load average {RelatedImport.LoadAverage()}");
            if (progress.Done || elapsed > TimeSpan.FromMinutes(15))
            {
                var poison = await CountPoisonAsync(azurite.Fixture.ConnectionString);
                Console.WriteLine(progress.Done ? $"all {count:N0} live {elapsed.TotalSeconds:F0} s after {(scheduledAhead ? "their time" : "the upload")}; {poison} poison messages"
                    : "stopped after 15 minutes");
                return (elapsed, poison);
            }
        }
    }

    private sealed record Progress(int Listed, bool FeedInOrder, int Found, int Count)
    {
        public bool Done => Listed == Count && FeedInOrder && Found == Count;
        public override string ToString() => $"{Listed:N0} listed, feed in the listing's order: {FeedInOrder}, {Found:N0} found by search";
    }

    private static async Task<Progress> ProgressAsync(HttpClient client, int count, Article[] articles)
    {
        var batch = articles.Select(article => article.Slug).ToHashSet(StringComparer.Ordinal);
        var listed = new List<string>();
        string? continuation = null;
        do
        {
            var page = await client.GetFromJsonAsync<JsonElement>($"api/articles?limit=100{(continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation))}");
            listed.AddRange(page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("slug").GetString()!));
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null);
        var feed = await client.GetAsync("api/feeds/feed.json");
        var feedSlugs = feed.StatusCode == HttpStatusCode.OK
            ? (await feed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
                .Select(item => item.GetProperty("id").GetString()!).ToList() // a JSON Feed item's id is its slug
            : [];
        var search = await client.GetFromJsonAsync<JsonElement>($"api/search?q={BatchWord}&limit=1");
        return new Progress(
            listed.Count(batch.Contains),
            feedSlugs.Count == Math.Min(50, count) && feedSlugs.SequenceEqual(listed.Take(feedSlugs.Count)),
            search.GetProperty("total").GetInt32(),
            count);
    }

    private static async Task<int> CountScheduledAsync(HttpClient client, string editorSession)
    {
        var total = 0;
        string? continuation = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/scheduled?limit=100{(continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation))}");
            request.Headers.Add("Cookie", editorSession);
            var response = await client.SendAsync(request);
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            total += page.GetProperty("items").GetArrayLength();
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null);
        return total;
    }

    private static async Task<int> CountPoisonAsync(string connectionString)
    {
        var queue = new QueueClient(connectionString, "webjobs-blobtrigger-poison");
        return await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
    }
}
