namespace BudapestPost.Core.Related;

/// <summary>
/// Scores one subject against others. The cosine is an exact integer dot product of fixed-point
/// weights, so a pair scores bit-for-bit the same whichever side is the subject and in whatever
/// order the model was built — the basis of incremental results equalling a rebuild.
/// </summary>
internal sealed class PairScorer(RelatedOptions options)
{
    public const double WeightScale = 1 << 20;
    private const double DotScale = WeightScale * WeightScale;

    private int[] _subjectWeights = [];
    private CorpusEntry? _subject;

    public void Load(CorpusEntry subject, int dictionarySize)
    {
        if (_subjectWeights.Length < dictionarySize)
        {
            Array.Resize(ref _subjectWeights, Math.Max(dictionarySize, _subjectWeights.Length * 2));
        }
        for (var i = 0; i < subject.VectorTermIds.Length; i++)
        {
            _subjectWeights[subject.VectorTermIds[i]] = subject.VectorWeights[i];
        }
        _subject = subject;
    }

    public void Unload()
    {
        if (_subject is null)
        {
            return;
        }
        foreach (var termId in _subject.VectorTermIds)
        {
            _subjectWeights[termId] = 0;
        }
        _subject = null;
    }

    public double Score(CorpusEntry other)
    {
        var subject = _subject ?? throw new InvalidOperationException("No subject loaded.");
        var weights = _subjectWeights;
        long dot = 0;
        var otherTerms = other.VectorTermIds;
        var otherWeights = other.VectorWeights;
        for (var i = 0; i < otherTerms.Length; i++)
        {
            var termId = otherTerms[i];
            if (termId < weights.Length)
            {
                dot += (long)weights[termId] * otherWeights[i];
            }
        }
        return Combine(subject, other, dot / DotScale);
    }

    private double Combine(CorpusEntry a, CorpusEntry b, double cosine)
    {
        var tagOverlap = Jaccard(a.TagKeyIds, b.TagKeyIds);
        var days = Math.Abs(a.Article.Published.UtcTicks - b.Article.Published.UtcTicks) / (double)TimeSpan.TicksPerDay;
        var recency = 1.0 - options.RecencyWeight + options.RecencyWeight * Math.Pow(2.0, -days / options.RecencyHalfLifeDays);
        return (cosine + options.TagWeight * tagOverlap) * recency;
    }

    private static double Jaccard(int[] a, int[] b)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }
        int i = 0, j = 0, shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                shared++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        return shared / (double)(a.Length + b.Length - shared);
    }
}
