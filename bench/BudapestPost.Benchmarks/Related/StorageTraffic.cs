using Azure.Core;
using Azure.Core.Pipeline;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BudapestPost.Benchmarks.Related;

/// <summary>Counts the storage round trips and the bytes sent and received through one blob client.</summary>
internal sealed class StorageTraffic : HttpPipelineSynchronousPolicy
{
    private static readonly Dictionary<string, (double RoundTrips, double Bytes)> PerOperation = [];

    private long _roundTrips;
    private long _bytes;

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref _roundTrips);
        if (message.Request.Content is { } content && content.TryComputeLength(out var length))
        {
            Interlocked.Add(ref _bytes, length);
        }
    }

    public override void OnReceivedResponse(HttpMessage message)
    {
        // A HEAD (get properties) answers with the blob's length but sends no body.
        if (message.Request.Method != RequestMethod.Head && message.Response.Headers.ContentLength is { } length)
        {
            Interlocked.Add(ref _bytes, length);
        }
    }

    public override string ToString() => $"{_roundTrips} round trips, {_bytes / 1024.0:N0} KB";

    public void Reset()
    {
        Interlocked.Exchange(ref _roundTrips, 0);
        Interlocked.Exchange(ref _bytes, 0);
    }

    /// <summary>Records the traffic since the last reset as <paramref name="operations"/> operations of a benchmark case.</summary>
    public void Record(string method, int articleCount, int operations)
    {
        lock (PerOperation)
        {
            PerOperation[$"{method}/{articleCount}"] = (_roundTrips / (double)operations, _bytes / (double)operations);
        }
    }

    /// <summary>Round trips or bytes (read + written) per operation, as recorded by the benchmark.</summary>
    internal sealed class Column(bool bytes) : IColumn
    {
        public string Id => bytes ? "StorageBytes" : "StorageRoundTrips";
        public string ColumnName => bytes ? "Storage KB/op" : "Round trips/op";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => bytes ? 1 : 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => bytes ? "Storage bytes sent + received per publish, in KB" : "Storage requests per publish";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var key = $"{benchmarkCase.Descriptor.WorkloadMethod.Name}/{benchmarkCase.Parameters["ArticleCount"]}";
            lock (PerOperation)
            {
                return PerOperation.TryGetValue(key, out var value)
                    ? (bytes ? value.Bytes / 1024 : value.RoundTrips).ToString("N1")
                    : "?";
            }
        }

        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
