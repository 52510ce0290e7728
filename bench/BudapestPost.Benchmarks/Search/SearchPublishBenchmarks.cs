using BenchmarkDotNet.Attributes;
using BudapestPost.Benchmarks.Related;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace BudapestPost.Benchmarks.Search;

/// <summary>
/// One publish into a copy of the corpus's index, as the indexer runs it under the writers' lease
/// with its writer already open: look up the indexed hash, add the document, commit (merges
/// included, when Lucene's policy calls for one). The baseline is what replication must ship: the commit's new files against the
/// whole index, printed after the run.
/// </summary>
[Config(typeof(PublishRunConfig))]
public class SearchPublishBenchmarks
{
    private FSDirectory _directory = null!;
    private SearchIndexEditor _editor = null!;
    private Article[] _fresh = [];
    private int _next;
    private HashSet<string> _filesBefore = [];
    private readonly List<long> _newBytes = [];

    [Params(10_000, 100_000)]
    public int ArticleCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var corpus = SearchCorpora.Get(ArticleCount);
        _directory = FSDirectory.Open(SearchCorpora.Copy(ArticleCount));
        _editor = new SearchIndexEditor(_directory);
        _fresh = Enumerable.Range(ArticleCount, 64).Select(corpus.Generator.Article).ToArray();
    }

    [IterationSetup]
    public void RememberFiles() => _filesBefore = [.. CommitFiles()];

    [Benchmark]
    public bool PublishOne()
    {
        var article = _fresh[_next++ % _fresh.Length] with { ContentHash = "fresh-" + _next };
        return _editor.Apply(article.Slug, article);
    }

    [IterationCleanup]
    public void MeasureNewFiles() =>
        _newBytes.Add(CommitFiles().Where(file => !_filesBefore.Contains(file)).Sum(file => _directory.FileLength(file)));

    [GlobalCleanup]
    public void Cleanup()
    {
        var sorted = _newBytes.Order().ToArray();
        Console.WriteLine($"// {ArticleCount:N0} articles: a publish ships median {sorted[sorted.Length / 2] / 1024.0:N1} KB, " +
            $"p95 {sorted[(int)(sorted.Length * 0.95)] / 1024.0:N1} KB, max {sorted[^1] / 1024.0:N1} KB of new files; " +
            $"the whole index is {SearchCorpora.Get(ArticleCount).IndexBytes / 1048576.0:N1} MB");
        _editor.Dispose();
        _directory.Dispose();
    }

    private IEnumerable<string> CommitFiles() => DirectoryReader.ListCommits(_directory)[^1].FileNames;
}
