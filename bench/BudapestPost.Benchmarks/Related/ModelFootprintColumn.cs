using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BudapestPost.Core.Related;

namespace BudapestPost.Benchmarks.Related;

/// <summary>
/// Bytes per article of the corpus model: managed heap it keeps alive (measured around a build,
/// after full collections) and its serialized size. Measured in the host process per corpus size.
/// </summary>
internal sealed class ModelFootprintColumn(ModelFootprintColumn.Measure measure) : IColumn
{
    public enum Measure { Heap, Blob }

    private static readonly Dictionary<int, (long Heap, byte[] Blob)> Footprints = [];

    public string Id => $"{nameof(ModelFootprintColumn)}.{measure}";
    public string ColumnName => measure == Measure.Heap ? "Model heap B/article" : "Model blob B/article";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => (int)measure;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => measure == Measure.Heap
        ? "Managed heap retained by the corpus model, per article"
        : "Serialized corpus model size, per article";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var count = (int)benchmarkCase.Parameters["ArticleCount"]!;
        var (heap, blob) = Footprint(count);
        return (measure == Measure.Heap ? heap : blob).ToString("N0");
    }

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    private static (double Heap, double Blob) Footprint(int count)
    {
        var (heap, blob) = Model(count);
        return (heap / (double)count, blob.Length / (double)count);
    }

    /// <summary>The managed heap a built model keeps alive and its serialized form, measured once per corpus size.</summary>
    internal static (long Heap, byte[] Blob) Model(int count)
    {
        lock (Footprints)
        {
            if (!Footprints.TryGetValue(count, out var footprint))
            {
                var articles = RelatedCorpora.Get(count).Articles;
                var before = GC.GetTotalMemory(forceFullCollection: true);
                var index = RelatedIndex.Build(articles, new RelatedOptions());
                var after = GC.GetTotalMemory(forceFullCollection: true);
                using var blob = new MemoryStream();
                RelatedIndexSerializer.Write(index, blob);
                GC.KeepAlive(index);
                footprint = (after - before, blob.ToArray());
                Footprints.Add(count, footprint);
            }
            return footprint;
        }
    }
}
