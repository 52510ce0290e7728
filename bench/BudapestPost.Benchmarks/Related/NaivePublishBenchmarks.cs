using BenchmarkDotNet.Attributes;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;

namespace BudapestPost.Benchmarks.Related;

/// <summary>
/// One publish the naive way: analyze the new article, then recompute all-pairs cosine over the
/// corpus. Quadratic, so 50k (about 25× the 10k time) is left out to keep the run short.
/// </summary>
[Config(typeof(NaiveRunConfig))]
public class NaivePublishBenchmarks
{
    private readonly RelatedOptions _options = new();
    private readonly EnglishTextAnalyzer _analyzer = new();
    private List<Dictionary<string, int>> _counts = [];
    private Article _fresh = null!;

    [Params(1_000, 10_000)]
    public int ArticleCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (generator, articles) = RelatedCorpora.Get(ArticleCount);
        _counts = articles.AsParallel().AsOrdered().Select(article => NaiveAllPairsBaseline.Count(_analyzer, article, _options)).ToList();
        _fresh = generator.Article(ArticleCount);
    }

    [Benchmark(Baseline = true)]
    public int NaivePublishOne()
    {
        var counts = new List<Dictionary<string, int>>(_counts) { NaiveAllPairsBaseline.Count(_analyzer, _fresh, _options) };
        return NaiveAllPairsBaseline.Rank(counts, _options).Length;
    }
}
