namespace BudapestPost.Core.Related;

/// <summary>An article in the corpus model: its raw counts, derived weights and keys, and its list.</summary>
internal sealed class CorpusEntry(int id, AnalyzedArticle article, int[] termIds, int[] tagKeyIds)
{
    /// <summary>Slot in the model's entry table; reused after removal, never persisted.</summary>
    public int Id { get; } = id;

    public AnalyzedArticle Article { get; } = article;

    /// <summary>Term ids in the order of <see cref="AnalyzedArticle.Terms"/> (ordinal by term).</summary>
    public int[] TermIds { get; } = termIds;

    /// <summary>Key ids of the tags, ascending.</summary>
    public int[] TagKeyIds { get; } = tagKeyIds;

    /// <summary>Ids of the terms in the similarity vector (the highest-weighted ones).</summary>
    public int[] VectorTermIds { get; set; } = [];

    /// <summary>TF-IDF weights of the vector terms, unit length over all terms, in fixed point.</summary>
    public int[] VectorWeights { get; set; } = [];

    /// <summary>Ids of the terms and tags through which candidates are found.</summary>
    public int[] Keys { get; set; } = [];

    /// <summary>Top K by <see cref="NeighborOrder"/>.</summary>
    public List<Neighbor> Related { get; set; } = [];

    /// <summary>Entries whose related list contains this one.</summary>
    public List<CorpusEntry> Inbound { get; } = [];

    public string Slug => Article.Slug;
}
