using BudapestPost.Core.Articles;

namespace BudapestPost.Core.Related;

/// <summary>
/// The related-article engine: a corpus model (raw term counts per article, a term-statistics
/// snapshot, fixed-point TF-IDF vectors, key postings) with every article's top-K list, kept up
/// to date one article at a time.
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
/// <para>Not thread-safe: callers serialize changes (storage does, under a lease).</para>
/// </remarks>
public sealed class RelatedIndex
{
    private readonly CorpusTables _corpus = new();
    private readonly RankedLists _lists;
    private TermWeights _weights;

    public RelatedIndex(RelatedOptions options, TermStatistics? statistics = null)
    {
        Options = options;
        _lists = new RankedLists(options, _corpus);
        _weights = new TermWeights(options, _corpus.Terms, statistics ?? TermStatistics.Empty);
    }

    public RelatedOptions Options { get; }

    /// <summary>The snapshot all current weights were computed from.</summary>
    public TermStatistics Statistics => _weights.Statistics;

    public int Count => _corpus.Count;

    /// <summary>Slugs of the articles in the corpus, ordinal order.</summary>
    public IEnumerable<string> Slugs => _corpus.Slugs.Order(StringComparer.Ordinal);

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
            if (index._corpus.Find(article.Slug) is not null)
            {
                throw new ArgumentException($"Duplicate slug '{article.Slug}'.", nameof(articles));
            }
            index._corpus.Add(article);
        }
        index.RankAll(statistics ?? index._corpus.CurrentStatistics());
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
        if (_corpus.Find(slug) is not { } entry)
        {
            return IndexChanges.None;
        }
        var tracker = new ChangeTracker(this);
        RemoveEntry(entry, tracker);
        return tracker.Finish();
    }

    /// <summary>Takes a new snapshot of the current corpus and re-ranks every list with it.</summary>
    public IndexChanges RefreshStatistics()
    {
        var tracker = new ChangeTracker(this);
        tracker.CaptureAllLists();
        RankAll(_corpus.CurrentStatistics());
        return tracker.Finish();
    }

    /// <summary>The related list of an article, or null when it is not in the corpus.</summary>
    public IReadOnlyList<RelatedItem>? Related(string slug) => RelatedItems(slug);

    /// <summary>Whether the article is in the corpus.</summary>
    public bool Contains(string slug) => _corpus.Find(slug) is not null;

    /// <summary>What must be written to turn the lists rendered from <paramref name="before"/> into those of <paramref name="after"/>.</summary>
    public static IndexChanges Differences(RelatedIndex before, RelatedIndex after)
    {
        var related = after.Slugs
            .Where(slug => before.RelatedItems(slug) is not { } old || !old.AsSpan().SequenceEqual(after.RelatedItems(slug)))
            .ToList();
        var removed = before.Slugs.Where(slug => !after.Contains(slug)).ToList();
        return new IndexChanges(related, removed);
    }

    internal RelatedItem[]? RelatedItems(string slug) =>
        _corpus.Find(slug) is { } entry
            ? entry.Related.Select(n => new RelatedItem(
                n.Entry.Slug, n.Entry.Article.Title, n.Entry.Article.Lead, n.Entry.Article.Published, n.Score)).ToArray()
            : null;

    internal IEnumerable<CorpusEntry> EntriesBySlug => _corpus.Live.OrderBy(entry => entry.Slug, StringComparer.Ordinal);

    internal CorpusEntry? Find(string slug) => _corpus.Find(slug);

    /// <summary>Enters an article without ranking; the caller ranks (or restores) all lists afterwards.</summary>
    internal void AddUnranked(AnalyzedArticle article) => _corpus.Add(article);

    internal IndexChanges Upsert(AnalyzedArticle article)
    {
        var existing = _corpus.Find(article.Slug);
        if (existing is not null && existing.Article.HasSameContent(article))
        {
            return IndexChanges.None;
        }

        var tracker = new ChangeTracker(this);
        tracker.CaptureList(article.Slug);
        if (existing is not null)
        {
            RemoveEntry(existing, tracker);
        }
        var entry = _corpus.Add(article);

        if (Options.StatisticsRefreshGrowth > 0 && Count > Options.StatisticsRefreshGrowth * Statistics.DocumentCount)
        {
            tracker.CaptureAllLists();
            RankAll(_corpus.CurrentStatistics());
        }
        else
        {
            _weights.Refresh();
            _weights.Weigh(entry);
            _corpus.AddPostings(entry);
            _lists.Insert(entry, tracker);
        }
        return tracker.Finish();
    }

    internal void RestoreLists(TermStatistics statistics, IReadOnlyDictionary<string, string[]> neighbors)
    {
        Reweigh(statistics);
        _lists.Restore(neighbors);
    }

    internal void RankAll(TermStatistics statistics)
    {
        Reweigh(statistics);
        _lists.RankAll();
    }

    private void RemoveEntry(CorpusEntry entry, ChangeTracker tracker)
    {
        tracker.CaptureList(entry.Slug);
        _corpus.Remove(entry);
        _lists.Remove(entry, tracker);
    }

    private void Reweigh(TermStatistics statistics)
    {
        _weights = new TermWeights(Options, _corpus.Terms, statistics);
        _weights.Refresh();
        _corpus.ClearPostings();
        var entries = _corpus.Live.ToArray();
        Parallel.ForEach(entries, _weights.Weigh);
        foreach (var entry in entries)
        {
            _corpus.AddPostings(entry);
        }
    }
}

/// <summary>One entry of an article's related list.</summary>
public sealed record RelatedItem(string Slug, string Title, string Lead, DateTimeOffset Published, double Score);
