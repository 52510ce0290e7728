using BenchmarkDotNet.Attributes;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;

namespace BudapestPost.Benchmarks.Related;

/// <summary>
/// One publish into a ranked corpus: analysis, scoring the candidates found through key postings,
/// updating the lists it enters. Each iteration publishes a fresh article; the previous one is
/// removed first (untimed), which restores the corpus exactly.
/// </summary>
[Config(typeof(PublishRunConfig))]
[MemoryDiagnoser]
public class RelatedPublishBenchmarks
{
    private RelatedIndex _index = null!;
    private Article[] _fresh = [];
    private int _next;
    private string? _published;

    [Params(1_000, 10_000, 50_000)]
    public int ArticleCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (generator, articles) = RelatedCorpora.Get(ArticleCount);
        _index = RelatedIndex.Build(articles, new RelatedOptions());
        _fresh = Enumerable.Range(ArticleCount, 64).Select(generator.Article).ToArray();
    }

    [IterationSetup]
    public void Restore()
    {
        if (_published is not null)
        {
            _index.Remove(_published);
        }
        _published = _fresh[_next++ % _fresh.Length].Slug;
    }

    [Benchmark]
    public IndexChanges PublishOne() => _index.Upsert(_fresh[(_next - 1) % _fresh.Length]);
}
