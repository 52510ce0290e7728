namespace BudapestPost.Core.Related;

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
