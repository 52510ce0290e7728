using BudapestPost.Core.Articles;
using BudapestPost.Testing;

namespace BudapestPost.Benchmarks.Related;

/// <summary>The synthetic corpora the related-engine benchmarks run on, generated once per size.</summary>
internal static class RelatedCorpora
{
    private static readonly Dictionary<int, (SyntheticArticles Generator, Article[] Articles)> Cache = [];

    public static (SyntheticArticles Generator, Article[] Articles) Get(int count)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(count, out var corpus))
            {
                var generator = new SyntheticArticles(count);
                corpus = (generator, generator.Articles().ToArray());
                Cache.Add(count, corpus);
            }
            return corpus;
        }
    }
}
