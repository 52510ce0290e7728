using BenchmarkDotNet.Attributes;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;

namespace BudapestPost.Benchmarks.Related;

/// <summary>
/// Full rebuild (what POST /api/admin/reindex runs): analyze every article, take the statistics
/// snapshot, rank every list. Also reports the model's size per article, in memory and as a blob.
/// </summary>
[Config(typeof(ModelFootprintConfig))]
public class RelatedRebuildBenchmarks
{
    private Article[] _articles = [];

    [Params(1_000, 10_000, 50_000)]
    public int ArticleCount { get; set; }

    [GlobalSetup]
    public void Setup() => _articles = RelatedCorpora.Get(ArticleCount).Articles;

    [Benchmark]
    public RelatedIndex Rebuild() => RelatedIndex.Build(_articles, new RelatedOptions());
}
