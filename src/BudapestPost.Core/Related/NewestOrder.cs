namespace BudapestPost.Core.Related;

/// <summary>Newest-first order: published desc, then slug asc.</summary>
internal sealed class NewestOrder : IComparer<CorpusEntry>
{
    public static NewestOrder Instance { get; } = new();

    public int Compare(CorpusEntry? x, CorpusEntry? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        var byPublished = y.Article.Published.UtcTicks.CompareTo(x.Article.Published.UtcTicks);
        return byPublished != 0 ? byPublished : string.CompareOrdinal(x.Article.Slug, y.Article.Slug);
    }
}
