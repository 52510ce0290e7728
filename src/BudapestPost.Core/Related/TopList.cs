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
