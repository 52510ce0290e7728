using System.Diagnostics;

namespace BudapestPost.DevHost.LoadTest;

/// <summary>
/// A closed-loop load generator: a fixed number of clients, each sending its next request when the last one ends.
/// A client is one operation that answers with a status code, so HTTP requests and raw storage SDK calls are
/// measured the same way.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(
        string name, Uri url, int concurrency, TimeSpan warmUp, TimeSpan duration, Action<HttpRequestMessage>? decorate = null)
    {
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        var operation = Send(client, () => new HttpRequestMessage(HttpMethod.Get, url), decorate);
        return await RunAsync(name, Enumerable.Repeat(operation, concurrency).ToList(), warmUp, duration);
    }

    /// <summary>
    /// Runs every client for <paramref name="warmUp"/> unrecorded, then for <paramref name="duration"/> recorded;
    /// with <paramref name="cpu"/>, also the CPU time its processes used per recorded request.
    /// </summary>
    public static async Task<LoadResult> RunAsync(
        string name, IReadOnlyList<Func<Task<int>>> clients, TimeSpan warmUp, TimeSpan duration, ProcessCpu? cpu = null)
    {
        await RunClientsAsync(clients, warmUp, record: false);
        var cpuBefore = cpu?.Snapshot();
        var clock = Stopwatch.StartNew();
        var samples = await RunClientsAsync(clients, duration, record: true);
        var elapsed = clock.Elapsed;
        var cpuAfter = cpu?.Snapshot();

        var latencies = samples.SelectMany(s => s.Latencies).Order().ToArray();
        var statuses = samples.SelectMany(s => s.Statuses).GroupBy(code => code).ToDictionary(g => g.Key, g => g.Count());
        return new LoadResult(name, latencies.Length, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), statuses)
        {
            CpuMsPerRequest = cpuBefore is null ? null : ProcessCpu.PerRequest(cpuBefore, cpuAfter!, latencies.Length),
        };
    }

    /// <summary>One HTTP exchange, body read to the end; the operation answers the status code.</summary>
    public static Func<Task<int>> Send(HttpClient client, Func<HttpRequestMessage> request, Action<HttpRequestMessage>? decorate = null) =>
        async () =>
        {
            using var message = request();
            decorate?.Invoke(message);
            using var response = await client.SendAsync(message);
            await response.Content.ReadAsByteArrayAsync();
            return (int)response.StatusCode;
        };

    private static async Task<ClientSamples[]> RunClientsAsync(IReadOnlyList<Func<Task<int>>> clients, TimeSpan duration, bool record)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return await Task.WhenAll(clients.Select(operation => Task.Run(async () =>
        {
            var samples = new ClientSamples();
            while (Stopwatch.GetTimestamp() < end)
            {
                var started = Stopwatch.GetTimestamp();
                var status = await operation();
                if (record)
                {
                    samples.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    samples.Statuses.Add(status);
                }
            }
            return samples;
        })));
    }

    private static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile * sorted.Length) - 1)];

    private sealed class ClientSamples
    {
        public List<double> Latencies { get; } = [];
        public List<int> Statuses { get; } = [];
    }
}
