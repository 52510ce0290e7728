namespace BudapestPost.Core.Related;

/// <summary>
/// What corpus changes did to the rendered lists: only these need writing. Both collections are
/// sorted (ordinal) so that callers write in a stable order.
/// </summary>
/// <param name="RelatedLists">Slugs whose related list is new or different.</param>
/// <param name="RemovedLists">Slugs that left the corpus; their related list goes away.</param>
public sealed record IndexChanges(IReadOnlyList<string> RelatedLists, IReadOnlyList<string> RemovedLists)
{
    public static IndexChanges None { get; } = new([], []);

    public bool IsEmpty => RelatedLists.Count == 0 && RemovedLists.Count == 0;

    /// <summary>
    /// These changes followed by <paramref name="later"/>, as seen in <paramref name="index"/> after both:
    /// a list changed then removed is removed, removed then added back is changed.
    /// </summary>
    public IndexChanges Then(IndexChanges later, RelatedIndex index)
    {
        var touched = RelatedLists.Concat(RemovedLists).Concat(later.RelatedLists).Concat(later.RemovedLists)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new IndexChanges(touched.Where(index.Contains).ToList(), touched.Where(slug => !index.Contains(slug)).ToList());
    }
}
