namespace BudapestPost.Core.Related;

/// <summary>
/// What one corpus change did to the rendered indexes: only these need writing. All collections
/// are sorted (ordinal) so that callers write in a stable order.
/// </summary>
/// <param name="RelatedLists">Slugs whose related list is new or different.</param>
/// <param name="RemovedLists">Slugs that left the corpus; their related list goes away.</param>
/// <param name="Latest">Whether the newest-articles list changed.</param>
/// <param name="Tags">Tags whose newest list changed (it may now be empty).</param>
public sealed record IndexChanges(
    IReadOnlyList<string> RelatedLists,
    IReadOnlyList<string> RemovedLists,
    bool Latest,
    IReadOnlyList<string> Tags)
{
    public static IndexChanges None { get; } = new([], [], false, []);

    public bool IsEmpty => RelatedLists.Count == 0 && RemovedLists.Count == 0 && !Latest && Tags.Count == 0;
}
