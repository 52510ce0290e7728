using BudapestPost.Core.Articles;

namespace BudapestPost.Core.Related;

/// <summary>
/// The related-article engine: a corpus model (raw term counts per article, a term-statistics
/// snapshot, fixed-point TF-IDF vectors, key postings) with every article's top-K list and the
/// newest lists, kept up to date one article at a time.
/// </summary>
/// <remarks>
/// <para>Candidates: each article's keys are its <see cref="RelatedOptions.KeyTermCount"/>
/// highest-weighted terms plus its tags, leaving out those the snapshot finds in more than
/// <see cref="RelatedOptions.MaxKeyDocumentFrequency"/> articles. Two articles are compared only
/// if they share a key. The relation is symmetric, so when an article arrives the candidates it
/// finds are exactly the lists it could enter: one publish scores at most
/// keys × max-frequency pairs, however large the corpus.</para>
/// <para>Equality with a rebuild: weights depend only on an article's own counts and on the
/// snapshot in <see cref="Statistics"/>, never on the articles that arrived since, and pair
/// scores are exact and symmetric. Each list is therefore a pure function of the article set and
/// the snapshot, and <c>Build(articles, options, index.Statistics)</c> yields the same lists
/// (same slugs, bit-identical scores) as any sequence of upserts and removals that ends with
/// those articles. IDF drift is handled by refreshing the snapshot — a full re-rank — when the
/// corpus has grown by <see cref="RelatedOptions.StatisticsRefreshGrowth"/>, or on demand.</para>
/// <para>Not thread-safe: callers serialize changes (storage does, by ETag).</para>
/// </remarks>
public sealed class RelatedIndex
{
    private readonly CorpusTables _corpus = new();
    private readonly Stack<int> _freeIds = new();
    private readonly Dictionary<string, CorpusEntry> _bySlug = new(StringComparer.Ordinal);
    private readonly SortedSet<CorpusEntry> _newest = new(NewestOrder.Instance);
    private readonly Dictionary<string, SortedSet<CorpusEntry>> _newestByTag = new(StringComparer.Ordinal);
    private readonly CandidateRanker _ranker;
    private double[] _idf = [];
    private int[] _snapshotFrequency = [];
    private int _cachedTerms;

    public RelatedIndex(RelatedOptions options, TermStatistics? statistics = null)
    {
        Options = options;
        Statistics = statistics ?? TermStatistics.Empty;
        _ranker = new CandidateRanker(options);
    }

    public RelatedOptions Options { get; }

    /// <summary>The snapshot all current weights were computed from.</summary>
    public TermStatistics Statistics { get; private set; }

    public int Count => _bySlug.Count;

    /// <summary>Slugs of the articles in the corpus, ordinal order.</summary>
    public IEnumerable<string> Slugs => _bySlug.Keys.Order(StringComparer.Ordinal);

    /// <summary>Tags that have at least one article, ordinal order.</summary>
    public IEnumerable<string> Tags => _newestByTag.Keys.Order(StringComparer.Ordinal);

    /// <summary>
    /// Ranks all published articles from scratch. With <paramref name="statistics"/> the weights
    /// use that snapshot (to reproduce an incrementally kept index); without, a fresh snapshot of
    /// the given articles.
    /// </summary>
    public static RelatedIndex Build(IEnumerable<Article> articles, RelatedOptions options, TermStatistics? statistics = null)
    {
        var published = articles.Where(article => article.Status == ArticleStatus.Published).ToArray();
        var analyzed = new AnalyzedArticle[published.Length];
        Parallel.For(0, published.Length, i => analyzed[i] = ArticleAnalysis.Analyze(published[i], options));
        return Build(analyzed, options, statistics);
    }

    internal static RelatedIndex Build(IReadOnlyList<AnalyzedArticle> articles, RelatedOptions options, TermStatistics? statistics)
    {
        var index = new RelatedIndex(options);
        // Slug order makes term ids, and so the persisted form, independent of input order.
        foreach (var article in articles.OrderBy(article => article.Slug, StringComparer.Ordinal))
        {
            if (index._bySlug.ContainsKey(article.Slug))
            {
                throw new ArgumentException($"Duplicate slug '{article.Slug}'.", nameof(articles));
            }
            index.AddEntry(article);
        }
        index.RankAll(statistics ?? index.CurrentStatistics());
        return index;
    }

    /// <summary>Adds, updates or (when not published) removes an article.</summary>
    public IndexChanges Upsert(Article article)
    {
        ArgumentNullException.ThrowIfNull(article);
        return article.Status == ArticleStatus.Published
            ? Upsert(ArticleAnalysis.Analyze(article, Options))
            : Remove(article.Slug);
    }

    /// <summary>Takes an article out of the corpus and out of every list.</summary>
    public IndexChanges Remove(string slug)
    {
        if (!_bySlug.TryGetValue(slug, out var entry))
        {
            return IndexChanges.None;
        }
        var tracker = new ChangeTracker(this);
        tracker.CaptureNewest(entry.Article.Tags);
        RemoveEntry(entry, tracker);
        return tracker.Finish();
    }

    /// <summary>Takes a new snapshot of the current corpus and re-ranks every list with it.</summary>
    public IndexChanges RefreshStatistics()
    {
        var tracker = new ChangeTracker(this);
        tracker.CaptureAllLists();
        RankAll(CurrentStatistics());
        return tracker.Finish();
    }

    /// <summary>The related list of an article, or null when it is not in the corpus.</summary>
    public IReadOnlyList<RelatedItem>? Related(string slug) => RelatedItems(slug);

    /// <summary>The newest articles, newest first.</summary>
    public IEnumerable<ArticleSummary> Newest() => _newest.Take(Options.NewestCount).Select(Summary);

    /// <summary>The newest articles with <paramref name="tag"/> (case-insensitive), newest first.</summary>
    public IEnumerable<ArticleSummary> NewestWithTag(string tag) =>
        _newestByTag.TryGetValue(tag.Trim().ToLowerInvariant(), out var tagged)
            ? tagged.Take(Options.NewestCount).Select(Summary)
            : [];

    /// <summary>What must be written to turn the indexes rendered from <paramref name="before"/> into those of <paramref name="after"/>.</summary>
    public static IndexChanges Differences(RelatedIndex before, RelatedIndex after)
    {
        var related = after.Slugs
            .Where(slug => before.RelatedItems(slug) is not { } old || !old.AsSpan().SequenceEqual(after.RelatedItems(slug)))
            .ToList();
        var removed = before.Slugs.Where(slug => !after._bySlug.ContainsKey(slug)).ToList();
        var tags = before.Tags.Union(after.Tags)
            .Where(tag => !before.NewestWithTag(tag).SequenceEqual(after.NewestWithTag(tag)))
            .Order(StringComparer.Ordinal)
            .ToList();
        return new IndexChanges(related, removed, !before.Newest().SequenceEqual(after.Newest()), tags);
    }

    internal RelatedItem[]? RelatedItems(string slug) =>
        _bySlug.TryGetValue(slug, out var entry)
            ? entry.Related.Select(n => new RelatedItem(
                n.Entry.Slug, n.Entry.Article.Title, n.Entry.Article.Lead, n.Entry.Article.Published, n.Score)).ToArray()
            : null;

    internal IEnumerable<CorpusEntry> EntriesBySlug => _bySlug.Values.OrderBy(entry => entry.Slug, StringComparer.Ordinal);

    internal IndexChanges Upsert(AnalyzedArticle article)
    {
        _bySlug.TryGetValue(article.Slug, out var existing);
        if (existing is not null && existing.Article.HasSameContent(article))
        {
            return IndexChanges.None;
        }

        var tracker = new ChangeTracker(this);
        tracker.CaptureNewest(existing is null ? article.Tags : article.Tags.Union(existing.Article.Tags));
        tracker.CaptureList(article.Slug);
        if (existing is not null)
        {
            RemoveEntry(existing, tracker);
        }
        var entry = AddEntry(article);

        if (Options.StatisticsRefreshGrowth > 0 && Count > Options.StatisticsRefreshGrowth * Statistics.DocumentCount)
        {
            tracker.CaptureAllLists();
            RankAll(CurrentStatistics());
        }
        else
        {
            InsertEntry(entry, tracker);
        }
        return tracker.Finish();
    }

    /// <summary>Replaces every list with the given neighbors (by slug), scored afresh.</summary>
    internal void RestoreLists(TermStatistics statistics, IReadOnlyDictionary<string, string[]> neighbors)
    {
        SetStatistics(statistics);
        var scorer = new PairScorer(Options);
        foreach (var entry in _bySlug.Values)
        {
            scorer.Load(entry, _corpus.Terms.Count);
            var list = new List<Neighbor>();
            foreach (var slug in neighbors.GetValueOrDefault(entry.Slug) ?? [])
            {
                if (_bySlug.TryGetValue(slug, out var other))
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

    internal void RankAll(TermStatistics statistics)
    {
        SetStatistics(statistics);
        var entries = _bySlug.Values.ToArray();
        var lists = new List<Neighbor>[entries.Length];
        Parallel.For(
            0,
            entries.Length,
            () => new CandidateRanker(Options),
            (i, _, ranker) =>
            {
                lists[i] = ranker.Rank(entries[i], _corpus);
                return ranker;
            },
            _ => { });
        for (var i = 0; i < entries.Length; i++)
        {
            entries[i].Related = lists[i];
        }
        RebuildInbound();
    }

    internal CorpusEntry AddEntry(AnalyzedArticle article)
    {
        var termIds = Array.ConvertAll(article.Terms, _corpus.KeyId);
        for (var i = 0; i < termIds.Length; i++)
        {
            // One string instance per term across the corpus instead of one per article.
            article.Terms[i] = _corpus.Terms[termIds[i]];
        }
        var tagKeyIds = Array.ConvertAll(article.Tags, tag => _corpus.KeyId(ArticleAnalysis.TagKey(tag)));
        Array.Sort(tagKeyIds);

        var id = _freeIds.Count > 0 ? _freeIds.Pop() : _corpus.Entries.Count;
        var entry = new CorpusEntry(id, article, termIds, tagKeyIds);
        if (id == _corpus.Entries.Count)
        {
            _corpus.Entries.Add(entry);
        }
        else
        {
            _corpus.Entries[id] = entry;
        }

        foreach (var termId in termIds.Concat(tagKeyIds))
        {
            _corpus.DocumentFrequencies[termId]++;
        }
        _bySlug.Add(article.Slug, entry);
        _newest.Add(entry);
        foreach (var tag in article.Tags)
        {
            if (!_newestByTag.TryGetValue(tag, out var tagged))
            {
                tagged = new SortedSet<CorpusEntry>(NewestOrder.Instance);
                _newestByTag.Add(tag, tagged);
            }
            tagged.Add(entry);
        }
        return entry;
    }

    private void InsertEntry(CorpusEntry entry, ChangeTracker tracker)
    {
        EnsureSnapshotCache();
        Weigh(entry);
        AddPostings(entry);
        var scored = new List<Neighbor>();
        entry.Related = _ranker.Rank(entry, _corpus, scored);
        foreach (var neighbor in entry.Related)
        {
            neighbor.Entry.Inbound.Add(entry);
        }

        // Scores are symmetric and so is the candidate relation: the lists the new article can
        // enter are exactly those of the candidates it found.
        foreach (var (other, score) in scored)
        {
            var offer = new Neighbor(entry, score);
            if (!TopList.Admits(other.Related, offer, Options.RelatedCount))
            {
                continue;
            }
            tracker.CaptureList(other.Slug);
            var (_, evicted) = TopList.Offer(other.Related, offer, Options.RelatedCount);
            entry.Inbound.Add(other);
            evicted?.Entry.Inbound.Remove(other);
        }
    }

    private void RemoveEntry(CorpusEntry entry, ChangeTracker tracker)
    {
        tracker.CaptureList(entry.Slug);
        var holders = entry.Inbound.ToArray();
        foreach (var holder in holders)
        {
            tracker.CaptureList(holder.Slug);
        }

        RemovePostings(entry);
        DetachEntry(entry);
        foreach (var neighbor in entry.Related)
        {
            neighbor.Entry.Inbound.Remove(entry);
        }
        entry.Related = [];
        entry.Inbound.Clear();

        // Lists that did not hold the article keep their top K; those that did need their next best.
        foreach (var holder in holders)
        {
            foreach (var neighbor in holder.Related)
            {
                neighbor.Entry.Inbound.Remove(holder);
            }
            holder.Related = _ranker.Rank(holder, _corpus);
            foreach (var neighbor in holder.Related)
            {
                neighbor.Entry.Inbound.Add(holder);
            }
        }
    }

    private void DetachEntry(CorpusEntry entry)
    {
        foreach (var termId in entry.TermIds.Concat(entry.TagKeyIds))
        {
            _corpus.DocumentFrequencies[termId]--;
        }
        _bySlug.Remove(entry.Slug);
        _newest.Remove(entry);
        foreach (var tag in entry.Article.Tags)
        {
            var tagged = _newestByTag[tag];
            tagged.Remove(entry);
            if (tagged.Count == 0)
            {
                _newestByTag.Remove(tag);
            }
        }
        _corpus.Entries[entry.Id] = null;
        _freeIds.Push(entry.Id);
    }

    private void SetStatistics(TermStatistics statistics)
    {
        Statistics = statistics;
        _cachedTerms = 0;
        EnsureSnapshotCache();
        foreach (var posting in _corpus.Postings)
        {
            posting.Clear();
        }
        var entries = _bySlug.Values.ToArray();
        Parallel.ForEach(entries, Weigh);
        foreach (var entry in entries)
        {
            AddPostings(entry);
        }
    }

    /// <summary>
    /// Fixed-point unit TF-IDF vector ((1 + ln tf) · idf, its top terms) and the candidate keys.
    /// Everything here follows from the entry's own counts and the snapshot.
    /// </summary>
    private void Weigh(CorpusEntry entry)
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

        var vectorLength = Math.Min(Options.VectorTermCount, termIds.Length);
        var vectorTermIds = new int[vectorLength];
        var vectorWeights = new int[vectorLength];
        for (var i = 0; i < vectorLength; i++)
        {
            vectorTermIds[i] = termIds[byWeight[i]];
            vectorWeights[i] = norm > 0 ? (int)Math.Round(raw[byWeight[i]] / norm * PairScorer.WeightScale) : 0;
        }
        entry.VectorTermIds = vectorTermIds;
        entry.VectorWeights = vectorWeights;

        var keys = new List<int>(Options.KeyTermCount + entry.TagKeyIds.Length);
        foreach (var i in byWeight)
        {
            if (keys.Count == Options.KeyTermCount)
            {
                break;
            }
            if (_snapshotFrequency[termIds[i]] <= Options.MaxKeyDocumentFrequency)
            {
                keys.Add(termIds[i]);
            }
        }
        keys.AddRange(entry.TagKeyIds.Where(id => _snapshotFrequency[id] <= Options.MaxKeyDocumentFrequency));
        entry.Keys = keys.ToArray();
    }

    private void EnsureSnapshotCache()
    {
        var count = _corpus.Terms.Count;
        if (_idf.Length < count)
        {
            Array.Resize(ref _idf, Math.Max(count, _idf.Length * 2));
            Array.Resize(ref _snapshotFrequency, _idf.Length);
        }
        for (var id = _cachedTerms; id < count; id++)
        {
            var term = _corpus.Terms[id];
            _idf[id] = Statistics.InverseDocumentFrequency(term);
            _snapshotFrequency[id] = Statistics.DocumentFrequency(term);
        }
        _cachedTerms = count;
    }

    private void AddPostings(CorpusEntry entry)
    {
        foreach (var key in entry.Keys)
        {
            _corpus.Postings[key].Add(entry.Id);
        }
    }

    private void RemovePostings(CorpusEntry entry)
    {
        foreach (var key in entry.Keys)
        {
            var posting = _corpus.Postings[key];
            var at = posting.IndexOf(entry.Id);
            posting[at] = posting[^1];
            posting.RemoveAt(posting.Count - 1);
        }
    }

    private void RebuildInbound()
    {
        foreach (var entry in _bySlug.Values)
        {
            entry.Inbound.Clear();
        }
        foreach (var entry in _bySlug.Values)
        {
            foreach (var neighbor in entry.Related)
            {
                neighbor.Entry.Inbound.Add(entry);
            }
        }
    }

    private TermStatistics CurrentStatistics()
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < _corpus.DocumentFrequencies.Count; id++)
        {
            if (_corpus.DocumentFrequencies[id] > 0)
            {
                frequencies.Add(_corpus.Terms[id], _corpus.DocumentFrequencies[id]);
            }
        }
        return new TermStatistics(Count, frequencies);
    }

    private static ArticleSummary Summary(CorpusEntry entry) =>
        new(entry.Slug, entry.Article.Title, entry.Article.Lead, entry.Article.Published);
}
