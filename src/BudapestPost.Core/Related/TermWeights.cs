namespace BudapestPost.Core.Related;

/// <summary>
/// Weights from a statistics snapshot: each entry's fixed-point unit TF-IDF vector ((1 + ln tf) ·
/// idf, its top terms) and its candidate keys. Everything follows from the entry's own counts and
/// the snapshot, so no entry's weights change when another arrives.
/// </summary>
internal sealed class TermWeights(RelatedOptions options, TermDictionary terms, TermStatistics statistics)
{
    private double[] _idf = [];
    private int[] _snapshotFrequency = [];
    private int _cachedTerms;

    public TermStatistics Statistics { get; } = statistics;

    public void Weigh(CorpusEntry entry)
    {
        var termIds = entry.TermIds;
        var counts = entry.Article.Counts;
        var raw = new double[termIds.Length];
        var sumOfSquares = 0.0;
        for (var i = 0; i < termIds.Length; i++)
        {
            raw[i] = (1.0 + Math.Log(counts[i])) * _idf[termIds[i]];
            sumOfSquares += raw[i] * raw[i];
        }
        var norm = Math.Sqrt(sumOfSquares);

        // Heaviest first; ties by term order, so the choice never depends on anything but the entry.
        var byWeight = new int[termIds.Length];
        for (var i = 0; i < byWeight.Length; i++)
        {
            byWeight[i] = i;
        }
        Array.Sort(byWeight, (x, y) => raw[y] != raw[x] ? raw[y].CompareTo(raw[x]) : x.CompareTo(y));

        var vectorLength = Math.Min(options.VectorTermCount, termIds.Length);
        var vectorTermIds = new int[vectorLength];
        var vectorWeights = new int[vectorLength];
        for (var i = 0; i < vectorLength; i++)
        {
            vectorTermIds[i] = termIds[byWeight[i]];
            vectorWeights[i] = norm > 0 ? (int)Math.Round(raw[byWeight[i]] / norm * PairScorer.WeightScale) : 0;
        }
        entry.VectorTermIds = vectorTermIds;
        entry.VectorWeights = vectorWeights;
        entry.Keys = Keys(entry, byWeight);
    }

    /// <summary>Looks up the snapshot for terms the dictionary gained since the last call; before weighing.</summary>
    public void Refresh()
    {
        var count = terms.Count;
        if (_idf.Length < count)
        {
            Array.Resize(ref _idf, Math.Max(count, _idf.Length * 2));
            Array.Resize(ref _snapshotFrequency, _idf.Length);
        }
        for (var id = _cachedTerms; id < count; id++)
        {
            var term = terms[id];
            _idf[id] = Statistics.InverseDocumentFrequency(term);
            _snapshotFrequency[id] = Statistics.DocumentFrequency(term);
        }
        _cachedTerms = count;
    }

    private int[] Keys(CorpusEntry entry, int[] byWeight)
    {
        var keys = new List<int>(options.KeyTermCount + entry.TagKeyIds.Length);
        foreach (var i in byWeight)
        {
            if (keys.Count == options.KeyTermCount)
            {
                break;
            }
            if (_snapshotFrequency[entry.TermIds[i]] <= options.MaxKeyDocumentFrequency)
            {
                keys.Add(entry.TermIds[i]);
            }
        }
        keys.AddRange(entry.TagKeyIds.Where(id => _snapshotFrequency[id] <= options.MaxKeyDocumentFrequency));
        return keys.ToArray();
    }
}
