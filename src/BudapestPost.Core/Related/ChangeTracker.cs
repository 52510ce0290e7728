namespace BudapestPost.Core.Related;

/// <summary>
/// Records how lists looked before a change, on first touch, and reports the ones that differ
/// afterwards — so writing the reported lists is exactly what keeps storage in step.
/// </summary>
internal sealed class ChangeTracker(RelatedIndex index)
{
    private readonly Dictionary<string, RelatedItem[]?> _lists = new(StringComparer.Ordinal);

    public void CaptureList(string slug) => _lists.TryAdd(slug, index.RelatedItems(slug));

    public void CaptureAllLists()
    {
        foreach (var slug in index.Slugs)
        {
            CaptureList(slug);
        }
    }

    public IndexChanges Finish()
    {
        var changed = new List<string>();
        var removed = new List<string>();
        foreach (var (slug, before) in _lists)
        {
            var after = index.RelatedItems(slug);
            if (after is null)
            {
                if (before is not null)
                {
                    removed.Add(slug);
                }
            }
            else if (before is null || !before.AsSpan().SequenceEqual(after))
            {
                changed.Add(slug);
            }
        }
        changed.Sort(StringComparer.Ordinal);
        removed.Sort(StringComparer.Ordinal);
        return new IndexChanges(changed, removed);
    }
}
