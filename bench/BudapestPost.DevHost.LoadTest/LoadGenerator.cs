using System.Diagnostics;

namespace BudapestPost.DevHost.LoadTest;

/// <summary>A closed-loop load generator: a fixed number of clients, each sending its next request when the last one ends.</summary>
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

        await RunClientsAsync(client, url, concurrency, warmUp, decorate, record: false);
        var clock = Stopwatch.StartNew();
        var samples = await RunClientsAsync(client, url, concurrency, duration, decorate, record: true);
        var elapsed = clock.Elapsed;

        var latencies = samples.SelectMany(s => s.Latencies).Order().ToArray();
        var statuses = samples.SelectMany(s => s.Statuses).GroupBy(code => code).ToDictionary(g => g.Key, g => g.Count());
        return new LoadResult(name, latencies.Length, elapsed, Percentile(latencies, 0.50), Percentile(latencies, 0.99), statuses);
    }

    private static async Task<ClientSamples[]> RunClientsAsync(
        HttpClient client, Uri url, int concurrency, TimeSpan duration, Action<HttpRequestMessage>? decorate, bool record)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        return await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var samples = new ClientSamples();
            while (Stopwatch.GetTimestamp() < end)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                decorate?.Invoke(request);
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                if (record)
                {
                    samples.Latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    samples.Statuses.Add((int)response.StatusCode);
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
