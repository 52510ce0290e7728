namespace BudapestPost.Core.Related;

/// <summary>
/// The searchable state of the model: entries by id and by slug, the term dictionary, the key
/// postings candidates are found through, and live document frequencies (for the next snapshot).
/// </summary>
internal sealed class CorpusTables
{
    private readonly Stack<int> _freeIds = new();
    private readonly Dictionary<string, CorpusEntry> _bySlug = new(StringComparer.Ordinal);

    public List<CorpusEntry?> Entries { get; } = [];

    public TermDictionary Terms { get; } = new();

    /// <summary>Key id → ids of the entries that have it as a key (unordered).</summary>
    public List<List<int>> Postings { get; } = [];

    /// <summary>Term or tag-key id → how many current entries contain it.</summary>
    public List<int> DocumentFrequencies { get; } = [];

    public int Count => _bySlug.Count;

    public IEnumerable<CorpusEntry> Live => _bySlug.Values;

    public IEnumerable<string> Slugs => _bySlug.Keys;

    public CorpusEntry? Find(string slug) => _bySlug.GetValueOrDefault(slug);

    public int KeyId(string term)
    {
        var id = Terms.GetOrAdd(term);
        while (Postings.Count <= id)
        {
            Postings.Add([]);
            DocumentFrequencies.Add(0);
        }
        return id;
    }

    /// <summary>Enters an article (without keys: those need weights) and counts its terms.</summary>
    public CorpusEntry Add(AnalyzedArticle article)
    {
        var termIds = Array.ConvertAll(article.Terms, KeyId);
        for (var i = 0; i < termIds.Length; i++)
        {
            // One string instance per term across the corpus instead of one per article.
            article.Terms[i] = Terms[termIds[i]];
        }
        var tagKeyIds = Array.ConvertAll(article.Tags, tag => KeyId(ArticleAnalysis.TagKey(tag)));
        Array.Sort(tagKeyIds);

        var id = _freeIds.Count > 0 ? _freeIds.Pop() : Entries.Count;
        var entry = new CorpusEntry(id, article, termIds, tagKeyIds);
        if (id == Entries.Count)
        {
            Entries.Add(entry);
        }
        else
        {
            Entries[id] = entry;
        }
        foreach (var termId in termIds.Concat(tagKeyIds))
        {
            DocumentFrequencies[termId]++;
        }
        _bySlug.Add(article.Slug, entry);
        return entry;
    }

    /// <summary>Takes an entry out of the tables and its keys out of the postings.</summary>
    public void Remove(CorpusEntry entry)
    {
        RemovePostings(entry);
        foreach (var termId in entry.TermIds.Concat(entry.TagKeyIds))
        {
            DocumentFrequencies[termId]--;
        }
        _bySlug.Remove(entry.Slug);
        Entries[entry.Id] = null;
        _freeIds.Push(entry.Id);
    }

    public void AddPostings(CorpusEntry entry)
    {
        foreach (var key in entry.Keys)
        {
            Postings[key].Add(entry.Id);
        }
    }

    public void ClearPostings()
    {
        foreach (var posting in Postings)
        {
            posting.Clear();
        }
    }

    /// <summary>A snapshot of the live document frequencies.</summary>
    public TermStatistics CurrentStatistics()
    {
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < DocumentFrequencies.Count; id++)
        {
            if (DocumentFrequencies[id] > 0)
            {
                frequencies.Add(Terms[id], DocumentFrequencies[id]);
            }
        }
        return new TermStatistics(Count, frequencies);
    }

    private void RemovePostings(CorpusEntry entry)
    {
        foreach (var key in entry.Keys)
        {
            var posting = Postings[key];
            var at = posting.IndexOf(entry.Id);
            posting[at] = posting[^1];
            posting.RemoveAt(posting.Count - 1);
        }
    }
}
