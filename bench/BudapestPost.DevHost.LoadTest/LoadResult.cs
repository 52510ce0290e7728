namespace BudapestPost.DevHost.LoadTest;

/// <summary>What one load run measured: throughput, latency percentiles and the status codes seen.</summary>
public sealed record LoadResult(string Name, int Requests, TimeSpan Duration, double P50Ms, double P99Ms, IReadOnlyDictionary<int, int> Statuses)
{
    public double RequestsPerSecond => Requests / Duration.TotalSeconds;

    /// <summary>CPU milliseconds per request of each process of the run (Azurite, DevHost with workers, the clients), when measured.</summary>
    public IReadOnlyDictionary<string, double>? CpuMsPerRequest { get; init; }

    public override string ToString() =>
        $"{Name,-56} {RequestsPerSecond,8:F0} req/s   p50 {P50Ms,7:F2} ms   p99 {P99Ms,7:F2} ms   " +
        $"({Requests} requests; {StatusSummary})";

    /// <summary>One table row: throughput against <paramref name="baselines"/> (the raw storage calls it is measured by) and the tail.</summary>
    public string Row(IReadOnlyList<LoadResult> baselines) =>
        $"| {Name} | {RequestsPerSecond:F0} | {P50Ms:F1} | {P99Ms:F1} | {P99Ms / P50Ms:F1} | " +
        $"{(baselines.Count == 0 ? "—" : string.Join("; ", baselines.Select(b => $"{RequestsPerSecond / b.RequestsPerSecond:F2} × {b.Name.Split(',', ':')[0]}")))} | " +
        $"{StatusSummary} | {CpuSummary} |";

    public const string TableHeader =
        "| case | req/s | p50 ms | p99 ms | p99/p50 | vs raw | statuses | CPU ms per request |\n|---|---|---|---|---|---|---|---|";

    private string CpuSummary => CpuMsPerRequest is null ? "—" : string.Join(", ", CpuMsPerRequest.Select(part => $"{part.Key} {part.Value:F2}"));

    private string StatusSummary => string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
}
