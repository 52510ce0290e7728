namespace BudapestPost.Core.Related;

/// <summary>The searchable state of the model: entries by id, the term dictionary and key postings.</summary>
internal sealed class CorpusTables
{
    public List<CorpusEntry?> Entries { get; } = [];

    public TermDictionary Terms { get; } = new();

    /// <summary>Key id → ids of the entries that have it as a key (unordered).</summary>
    public List<List<int>> Postings { get; } = [];

    /// <summary>Term or tag-key id → how many current entries contain it (for the next snapshot).</summary>
    public List<int> DocumentFrequencies { get; } = [];

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
}
