namespace BudapestPost.Core.Related;

/// <summary>Bounded sorted insertion into a related list.</summary>
internal static class TopList
{
    /// <summary>Whether <paramref name="candidate"/> would rank within <paramref name="capacity"/>.</summary>
    public static bool Admits(List<Neighbor> list, Neighbor candidate, int capacity) =>
        list.Count < capacity || NeighborOrder.Instance.Compare(candidate, list[^1]) < 0;

    /// <summary>Inserts <paramref name="candidate"/> if it ranks within <paramref name="capacity"/>.</summary>
    /// <returns>Whether it was inserted, and the neighbor it pushed out of the list, if any.</returns>
    public static (bool Inserted, Neighbor? Evicted) Offer(List<Neighbor> list, Neighbor candidate, int capacity)
    {
        if (!Admits(list, candidate, capacity))
        {
            return (false, null);
        }
        var position = list.BinarySearch(candidate, NeighborOrder.Instance);
        list.Insert(position < 0 ? ~position : position, candidate);
        if (list.Count <= capacity)
        {
            return (true, null);
        }
        var evicted = list[^1];
        list.RemoveAt(list.Count - 1);
        return (true, evicted);
    }
}

/// <summary>One entry of a related list: the other article and the pair's score.</summary>
internal readonly record struct Neighbor(CorpusEntry Entry, double Score);

/// <summary>Related-list order: score desc, published desc, slug asc (a total order, so lists are deterministic).</summary>
internal sealed class NeighborOrder : IComparer<Neighbor>
{
    public static NeighborOrder Instance { get; } = new();

    public int Compare(Neighbor x, Neighbor y)
    {
        var byScore = y.Score.CompareTo(x.Score);
        return byScore != 0 ? byScore : NewestOrder.Instance.Compare(x.Entry, y.Entry);
    }
}

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
