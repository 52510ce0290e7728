using BenchmarkDotNet.Attributes;
using BudapestPost.Core.Related;

namespace BudapestPost.Benchmarks.Related;

/// <summary>
/// An indexing instance's cold start at archive scale: reading the model checkpoint (uncompressed)
/// into memory. The footprint columns give what the instance then keeps: managed heap and
/// checkpoint bytes per article (multiply by the corpus size for the total). Instances that only
/// serve reads never load it.
/// </summary>
[Config(typeof(ModelFootprintConfig))]
public class RelatedModelLoadBenchmarks
{
    private byte[] _checkpoint = [];

    [Params(50_000, 200_000)]
    public int ArticleCount { get; set; }

    [GlobalSetup]
    public void Setup() => _checkpoint = ModelFootprintColumn.Model(ArticleCount).Blob;

    [Benchmark]
    public RelatedIndex Load() => RelatedIndexSerializer.Read(new MemoryStream(_checkpoint), new RelatedOptions());
}
