using BudapestPost.Core.Related;

namespace BudapestPost.Benchmarks.Related;

/// <summary>
/// The baseline the engine is measured against: after a publish, recompute IDF and every vector
/// and score every pair (cosine over TF-IDF, top K per article). Same analysis, weighting and
/// vector length as the engine; no candidate search, no incremental state.
/// </summary>
internal static class NaiveAllPairsBaseline
{
    public static List<(int Other, double Score)>[] Rank(IReadOnlyList<Dictionary<string, int>> counts, RelatedOptions options)
    {
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var terms in counts)
        {
            foreach (var term in terms.Keys)
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
            }
        }
        var termIds = documentFrequency.Keys.Select((term, id) => (term, id)).ToDictionary(p => p.term, p => p.id, StringComparer.Ordinal);
        var vectors = counts.Select(terms => Vector(terms, documentFrequency, termIds, counts.Count, options.VectorTermCount)).ToArray();
        var relatedCount = options.RelatedCount;

        var lists = vectors.Select(_ => new List<(int Other, double Score)>(relatedCount + 1)).ToArray();
        for (var a = 0; a < vectors.Length; a++)
        {
            for (var b = a + 1; b < vectors.Length; b++)
            {
                var score = Dot(vectors[a], vectors[b]);
                if (score > 0)
                {
                    Offer(lists[a], (b, score), relatedCount);
                    Offer(lists[b], (a, score), relatedCount);
                }
            }
        }
        return lists;
    }

    private static (int[] Terms, double[] Weights) Vector(
        Dictionary<string, int> terms, Dictionary<string, int> documentFrequency, Dictionary<string, int> termIds, int documentCount,
        int vectorTermCount)
    {
        var entries = terms
            .Select(pair => (Id: termIds[pair.Key],
                Weight: (1 + Math.Log(pair.Value)) * (Math.Log((1.0 + documentCount) / (1.0 + documentFrequency[pair.Key])) + 1)))
            .ToArray();
        var norm = Math.Sqrt(entries.Sum(entry => entry.Weight * entry.Weight));
        entries = entries.OrderByDescending(entry => entry.Weight).Take(vectorTermCount).OrderBy(entry => entry.Id).ToArray();
        return (entries.Select(entry => entry.Id).ToArray(), entries.Select(entry => entry.Weight / norm).ToArray());
    }

    private static double Dot((int[] Terms, double[] Weights) a, (int[] Terms, double[] Weights) b)
    {
        double sum = 0;
        int i = 0, j = 0;
        while (i < a.Terms.Length && j < b.Terms.Length)
        {
            if (a.Terms[i] == b.Terms[j])
            {
                sum += a.Weights[i++] * b.Weights[j++];
            }
            else if (a.Terms[i] < b.Terms[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return sum;
    }

    private static void Offer(List<(int Other, double Score)> list, (int Other, double Score) candidate, int capacity)
    {
        if (list.Count == capacity && list[^1].Score >= candidate.Score)
        {
            return;
        }
        var at = list.FindIndex(entry => entry.Score < candidate.Score);
        list.Insert(at < 0 ? list.Count : at, candidate);
        if (list.Count > capacity)
        {
            list.RemoveAt(capacity);
        }
    }

    /// <summary>Term counts with the engine's boosts, so both sides rank the same text.</summary>
    public static Dictionary<string, int> Count(EnglishTextAnalyzer analyzer, BudapestPost.Core.Articles.Article article, RelatedOptions options)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        analyzer.CountTerms(article.Title, options.TitleBoost, counts);
        analyzer.CountTerms(article.Lead, options.LeadBoost, counts);
        analyzer.CountTerms(EnglishTextAnalyzer.PlainText(article.Body), 1, counts);
        return counts;
    }
}
