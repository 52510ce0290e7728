using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BudapestPost.Benchmarks.Feeds;

/// <summary>The median number of bytes one incremental publish wrote to blob storage (feeds, sitemaps, their states).</summary>
internal sealed class BytesWrittenColumn : IColumn
{
    public string Id => nameof(BytesWrittenColumn);
    public string ColumnName => "Bytes written/publish";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Size;
    public string Legend => "Median bytes written to blobs by one publish (feeds, sitemaps and their states)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var size = (int)benchmarkCase.Parameters["CorpusSize"]!;
        if (benchmarkCase.Descriptor.WorkloadMethod.Name != nameof(FeedPublishBenchmarks.IncrementalPublish) ||
            !FeedPublishBenchmarks.BytesWritten.TryGetValue(size, out var written) || written.Count == 0)
        {
            return "-";
        }
        var sorted = written.Order().ToList();
        return sorted[sorted.Count / 2].ToString("N0");
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
