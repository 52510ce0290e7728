namespace BudapestPost.DevHost.LoadTest;

/// <summary>What one load run measured: throughput, latency percentiles and the status codes seen.</summary>
public sealed record LoadResult(string Name, int Requests, TimeSpan Duration, double P50Ms, double P99Ms, IReadOnlyDictionary<int, int> Statuses)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    public override string ToString() =>
        $"{Name,-56} {RequestsPerSecond,8:F0} req/s   p50 {P50Ms,7:F2} ms   p99 {P99Ms,7:F2} ms   " +
        $"({Requests} requests; {string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))})";
}
