using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BudapestPost.Benchmarks.Search;

/// <summary>Build time, size on disk and reader heap of the index a benchmark case ran on.</summary>
internal sealed class SearchFootprintColumn(SearchFootprintColumn.Measure measure) : IColumn
{
    public enum Measure { BuildSeconds, IndexMegabytes, ReaderHeapMegabytes }

    public string Id => $"{nameof(SearchFootprintColumn)}.{measure}";
    public string ColumnName => measure switch
    {
        Measure.BuildSeconds => "Build s",
        Measure.IndexMegabytes => "Index MB",
        _ => "Reader heap MB",
    };
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)measure;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => measure switch
    {
        Measure.BuildSeconds => "Time to index the whole corpus into a fresh folder",
        Measure.IndexMegabytes => "Index size on disk (what a cold replica downloads; memory-mapped, in the page cache)",
        _ => "Managed heap an open reader keeps after a sorted and a filtered search",
    };

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var corpus = SearchCorpora.Get((int)benchmarkCase.Parameters["ArticleCount"]!);
        return measure switch
        {
            Measure.BuildSeconds => corpus.BuildTime.TotalSeconds.ToString("N1"),
            Measure.IndexMegabytes => (corpus.IndexBytes / 1048576.0).ToString("N1"),
            _ => (corpus.ReaderHeapBytes / 1048576.0).ToString("N1"),
        };
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
