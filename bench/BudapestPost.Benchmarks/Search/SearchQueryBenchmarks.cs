using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BudapestPost.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace BudapestPost.Benchmarks.Search;

/// <summary>
/// One search per measurement, each with another query of its kind (drawn from the corpus's own
/// titles and bodies), ten hits with highlights, as <c>GET /api/search</c> runs it on a replica.
/// Median and P95 are per query. The baseline scans every body for the word, as search without
/// an index would.
/// </summary>
[Config(typeof(Config))]
public class SearchQueryBenchmarks
{
    private const int QueriesPerKind = 256;
    private ArticleSearcher _searcher = null!;
    private DirectoryReader _reader = null!;
    private string[] _bodies = [];
    private SearchRequest[] _oneWord = [], _twoWords = [], _phrase = [], _filtered = [];
    private int _next;

    [Params(10_000, 100_000)]
    public int ArticleCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var corpus = SearchCorpora.Get(ArticleCount);
        _reader = DirectoryReader.Open(FSDirectory.Open(corpus.Folder));
        _searcher = new ArticleSearcher(new IndexSearcher(_reader));
        var random = new Random(7);
        var samples = Enumerable.Range(0, QueriesPerKind).Select(_ => corpus.Generator.Article(random.Next(ArticleCount))).ToArray();
        _oneWord = samples.Select(a => new SearchRequest(Word(a.Title, 1))).ToArray();
        _twoWords = samples.Select(a => new SearchRequest(Word(a.Title, 1) + " " + Word(a.Title, 4))).ToArray();
        _phrase = samples.Select(a => new SearchRequest($"\"{Word(a.Body, 10)} {Word(a.Body, 11)}\"")).ToArray();
        _filtered = samples.Select(a => new SearchRequest(Word(a.Title, 1), Tag: a.Tags[1],
            From: a.Published.AddDays(-180), To: a.Published.AddDays(180), Sort: SearchSort.Newest)).ToArray();
        _bodies = corpus.Bodies;
    }

    [GlobalCleanup]
    public void Cleanup() => _reader.Dispose();

    [Benchmark(Baseline = true)]
    public int NaiveScanOneWord()
    {
        var word = _oneWord[_next++ % QueriesPerKind].Query;
        return _bodies.Count(body => body.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    [Benchmark]
    public SearchResults OneWord() => _searcher.Search(_oneWord[_next++ % QueriesPerKind]);

    [Benchmark]
    public SearchResults TwoWords() => _searcher.Search(_twoWords[_next++ % QueriesPerKind]);

    [Benchmark]
    public SearchResults Phrase() => _searcher.Search(_phrase[_next++ % QueriesPerKind]);

    [Benchmark]
    public SearchResults Filtered() => _searcher.Search(_filtered[_next++ % QueriesPerKind]);

    private static string Word(string text, int index)
    {
        var words = text.Split([' ', '.', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return words[index % words.Length].ToLowerInvariant();
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithStrategy(RunStrategy.Monitoring)
                .WithLaunchCount(1)
                .WithWarmupCount(10)
                .WithIterationCount(150)
                .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(20), logOutput: true)));
            AddColumn(StatisticColumn.Median, StatisticColumn.P95);
            AddColumn(new SearchFootprintColumn(SearchFootprintColumn.Measure.BuildSeconds),
                new SearchFootprintColumn(SearchFootprintColumn.Measure.IndexMegabytes),
                new SearchFootprintColumn(SearchFootprintColumn.Measure.ReaderHeapMegabytes));
        }
    }
}
