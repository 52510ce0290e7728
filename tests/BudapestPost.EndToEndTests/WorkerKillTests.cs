using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using BudapestPost.Testing;
using Xunit.Abstractions;

namespace BudapestPost.EndToEndTests;

[Collection(FunctionAppCollection.Name)]
public sealed class WorkerKillTests(FunctionAppFixture app, ITestOutputHelper output)
{
    private const int Clients = 8;

    [Fact]
    public async Task KillWorker_UnderLoad_Only200Or503WithRetryAfterThenRecovers()
    {
        var api = new ArticleApi(app);
        var slug = ArticleApi.NewSlug("kill");
        await api.UploadAsync(slug, new ArticleFileBuilder());
        await api.WaitUntilListedAsync(slug);
        // The DevHost keeps a second worker ready to take over; the kill comes once it is.
        await Eventually.Until(StandbyReadyAsync, ready => ready);
        var worker = WorkerOf(await app.Host.GetWorkerProcessIdAsync() ?? throw new InvalidOperationException("No worker is running."));
        var answers = new ConcurrentQueue<Answer>();
        var clock = Stopwatch.StartNew();
        var killedAt = TimeSpan.MaxValue;
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var sentAt = clock.Elapsed;
                using var response = await app.Client.GetAsync($"api/articles/{slug}", CancellationToken.None);
                answers.Enqueue(new Answer(sentAt, clock.Elapsed, response.StatusCode,
                    response.Content.Headers.ContentType?.MediaType, response.Headers.RetryAfter is not null));
            }
        })).ToList();

        await Eventually.Until(() => Task.FromResult(answers.Count), count => count >= 50);
        using (var kill = Process.Start("kill", ["-KILL", worker.ToString()]))
        {
            await kill.WaitForExitAsync();
        }
        killedAt = clock.Elapsed;
        await Eventually.Until(() => Task.FromResult(answers.Any(a => a.SentAt > killedAt && a.Status == HttpStatusCode.OK)), seen => seen);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var all = answers.ToList();
        Assert.All(all, answer => Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{answer.Status}"));
        var unavailable = all.Where(answer => answer.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, answer => Assert.True(answer.RetryAfter && answer.ContentType == "application/problem+json",
            $"503 without Retry-After or problem+json ({answer.ContentType})"));
        Assert.Contains(all, answer => answer.SentAt > killedAt && answer.Status == HttpStatusCode.OK);
        Assert.NotEqual(worker, WorkerOf(await app.Host.GetWorkerProcessIdAsync() ?? 0));

        var firstSuccess = all.Where(answer => answer.SentAt > killedAt && answer.Status == HttpStatusCode.OK).Min(answer => answer.AnsweredAt);
        output.WriteLine($"{all.Count} answers from {Clients} clients: {all.Count(a => a.Status == HttpStatusCode.OK)} x 200, " +
                         $"{unavailable.Count} x 503; kill -> first 200: {(firstSuccess - killedAt).TotalMilliseconds:F0} ms");
    }

    private async Task<bool> StandbyReadyAsync()
    {
        var status = await app.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("admin/host/status");
        return status.GetProperty("worker").GetProperty("standbyProcessId").ValueKind == System.Text.Json.JsonValueKind.Number;
    }

    /// <summary>The worker itself: on Linux the DevHost reports the watchdog shell that runs it, whose only child it is.</summary>
    private static int WorkerOf(int processId)
    {
        var children = $"/proc/{processId}/task/{processId}/children";
        return File.Exists(children) && File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var child, ..]
            ? int.Parse(child, System.Globalization.CultureInfo.InvariantCulture)
            : processId;
    }

    private sealed record Answer(TimeSpan SentAt, TimeSpan AnsweredAt, HttpStatusCode Status, string? ContentType, bool RetryAfter);
}
