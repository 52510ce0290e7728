using System.Diagnostics;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Search;
using BudapestPost.Testing;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace BudapestPost.Benchmarks.Search;

/// <summary>
/// Search indexes of the synthetic corpora, built once per size into a temporary folder (as a
/// replica keeps them), with what building them took: time, size on disk, and the managed heap an
/// open reader keeps once sorting and scoring structures are loaded.
/// </summary>
internal static class SearchCorpora
{
    private static readonly Dictionary<int, Corpus> Cache = [];

    /// <param name="Bodies">Every article's body, for the scan the query benchmarks take as baseline.</param>
    public sealed record Corpus(SyntheticArticles Generator, string[] Bodies, string Folder, TimeSpan BuildTime, long IndexBytes, long ReaderHeapBytes);

    public static Corpus Get(int count)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(count, out var corpus))
            {
                corpus = Build(count);
                Cache.Add(count, corpus);
            }
            return corpus;
        }
    }

    /// <summary>A private copy of a corpus's index, for benchmarks that change it.</summary>
    public static string Copy(int count)
    {
        var source = Get(count).Folder;
        var copy = NewFolder();
        foreach (var file in System.IO.Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }
        return copy;
    }

    public static string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "budapestpost-search-bench", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        return folder;
    }

    private static Corpus Build(int count)
    {
        Console.WriteLine($"// Building the search index of {count:N0} synthetic articles…");
        var generator = new SyntheticArticles(count);
        var folder = NewFolder();
        var bodies = new string[count];
        var started = Stopwatch.GetTimestamp();
        using (var directory = FSDirectory.Open(folder))
        {
            SearchIndexEditor.Build(directory, Enumerable.Range(0, count).Select(number =>
            {
                var article = generator.Article(number);
                bodies[number] = article.Body;
                return article;
            }));
        }
        var buildTime = Stopwatch.GetElapsedTime(started);
        var bytes = System.IO.Directory.EnumerateFiles(folder).Sum(file => new FileInfo(file).Length);
        Console.WriteLine($"// Built in {buildTime.TotalSeconds:N1} s, {bytes / 1048576.0:N1} MB");
        return new Corpus(generator, bodies, folder, buildTime, bytes, ReaderHeap(folder, generator.Article(0)));
    }

    private static long ReaderHeap(string folder, Article sample)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var directory = FSDirectory.Open(folder);
        var reader = DirectoryReader.Open(directory);
        var searcher = new ArticleSearcher(new IndexSearcher(reader));
        var word = sample.Title.Split(' ')[1];
        searcher.Search(new SearchRequest(word, Tag: sample.Tags[1], From: sample.Published.AddYears(-1)));
        searcher.Search(new SearchRequest(word, Sort: SearchSort.Newest));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(searcher);
        reader.Dispose();
        directory.Dispose();
        return after - before;
    }
}
