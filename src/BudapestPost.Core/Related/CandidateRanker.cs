namespace BudapestPost.Core.Related;

/// <summary>
/// Finds an entry's candidates through the postings of its keys and keeps the top K. Holds
/// per-thread scratch space, so each thread of a rebuild uses its own instance.
/// </summary>
internal sealed class CandidateRanker(RelatedOptions options)
{
    private readonly PairScorer _scorer = new(options);
    private int[] _seen = [];
    private int _stamp;

    /// <param name="subject">The entry to rank candidates for.</param>
    /// <param name="corpus">The entries and postings to search.</param>
    /// <param name="scored">When given, receives every candidate with a positive score.</param>
    public List<Neighbor> Rank(CorpusEntry subject, CorpusTables corpus, List<Neighbor>? scored = null)
    {
        var capacity = options.RelatedCount;
        var top = new List<Neighbor>(capacity + 1);
        NextStamp(corpus.Entries.Count);
        _seen[subject.Id] = _stamp;
        _scorer.Load(subject, corpus.Terms.Count);
        try
        {
            foreach (var key in subject.Keys)
            {
                foreach (var id in corpus.Postings[key])
                {
                    if (_seen[id] == _stamp)
                    {
                        continue;
                    }
                    _seen[id] = _stamp;
                    var other = corpus.Entries[id]!;
                    var score = _scorer.Score(other);
                    if (score <= 0)
                    {
                        continue;
                    }
                    var neighbor = new Neighbor(other, score);
                    scored?.Add(neighbor);
                    TopList.Offer(top, neighbor, capacity);
                }
            }
        }
        finally
        {
            _scorer.Unload();
        }
        return top;
    }

    private void NextStamp(int entryCount)
    {
        if (_seen.Length < entryCount)
        {
            Array.Resize(ref _seen, Math.Max(entryCount, _seen.Length * 2));
        }
        if (_stamp == int.MaxValue)
        {
            Array.Clear(_seen);
            _stamp = 0;
        }
        _stamp++;
    }
}
