namespace BudapestPost.Core.Related;

/// <summary>
/// Every entry's top-K list and who holds whom: ranking from scratch, offering a new entry to the
/// lists it can enter, and refilling the lists that held a leaving one.
/// </summary>
internal sealed class RankedLists(RelatedOptions options, CorpusTables corpus)
{
    private readonly CandidateRanker _ranker = new(options);

    /// <summary>Ranks a weighed entry that is in the postings and offers it to its candidates' lists.</summary>
    public void Insert(CorpusEntry entry, ChangeTracker tracker)
    {
        var scored = new List<Neighbor>();
        entry.Related = _ranker.Rank(entry, corpus, scored);
        foreach (var neighbor in entry.Related)
        {
            neighbor.Entry.Inbound.Add(entry);
        }

        // Scores are symmetric and so is the candidate relation: the lists the new article can
        // enter are exactly those of the candidates it found.
        foreach (var (other, score) in scored)
        {
            var offer = new Neighbor(entry, score);
            if (!TopList.Admits(other.Related, offer, options.RelatedCount))
            {
                continue;
            }
            tracker.CaptureList(other.Slug);
            var (_, evicted) = TopList.Offer(other.Related, offer, options.RelatedCount);
            entry.Inbound.Add(other);
            evicted?.Entry.Inbound.Remove(other);
        }
    }

    /// <summary>
    /// Takes an entry (already out of the corpus tables) out of every list. Lists that did not
    /// hold it keep their top K; those that did are ranked again for their next best.
    /// </summary>
    public void Remove(CorpusEntry entry, ChangeTracker tracker)
    {
        var holders = entry.Inbound.ToArray();
        foreach (var holder in holders)
        {
            tracker.CaptureList(holder.Slug);
        }
        foreach (var neighbor in entry.Related)
        {
            neighbor.Entry.Inbound.Remove(entry);
        }
        entry.Related = [];
        entry.Inbound.Clear();

        foreach (var holder in holders)
        {
            foreach (var neighbor in holder.Related)
            {
                neighbor.Entry.Inbound.Remove(holder);
            }
            holder.Related = _ranker.Rank(holder, corpus);
            foreach (var neighbor in holder.Related)
            {
                neighbor.Entry.Inbound.Add(holder);
            }
        }
    }

    public void RankAll()
    {
        var entries = corpus.Live.ToArray();
        var lists = new List<Neighbor>[entries.Length];
        Parallel.For(
            0,
            entries.Length,
            () => new CandidateRanker(options),
            (i, _, ranker) =>
            {
                lists[i] = ranker.Rank(entries[i], corpus);
                return ranker;
            },
            _ => { });
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i].Related = lists[i];
        }
        RebuildInbound();
    }

    /// <summary>Replaces every list with the given neighbors (by slug), scored afresh.</summary>
    public void Restore(IReadOnlyDictionary<string, string[]> neighbors)
    {
        var scorer = new PairScorer(options);
        foreach (var entry in corpus.Live)
        {
            scorer.Load(entry, corpus.Terms.Count);
            var list = new List<Neighbor>();
            foreach (var slug in neighbors.GetValueOrDefault(entry.Slug) ?? [])
            {
                if (corpus.Find(slug) is { } other)
                {
                    list.Add(new Neighbor(other, scorer.Score(other)));
                }
            }
            scorer.Unload();
            list.Sort(NeighborOrder.Instance);
            entry.Related = list;
        }
        RebuildInbound();
    }

    private void RebuildInbound()
    {
        foreach (var entry in corpus.Live)
        {
            entry.Inbound.Clear();
        }
        foreach (var entry in corpus.Live)
        {
            foreach (var neighbor in entry.Related)
            {
                neighbor.Entry.Inbound.Add(entry);
            }
        }
    }
}
