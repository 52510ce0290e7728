namespace BudapestPost.Core.Related;

/// <summary>
/// Records how lists looked before a change, on first touch, and reports the ones that differ
/// afterwards — so writing the reported indexes is exactly what keeps storage in step.
/// </summary>
internal sealed class ChangeTracker(RelatedIndex index)
{
    private readonly Dictionary<string, RelatedItem[]?> _lists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ArticleSummary[]> _tags = new(StringComparer.Ordinal);
    private ArticleSummary[]? _latest;

    public void CaptureList(string slug)
    {
        if (!_lists.ContainsKey(slug))
        {
            _lists.Add(slug, index.RelatedItems(slug));
        }
    }

    public void CaptureAllLists()
    {
        foreach (var slug in index.Slugs)
        {
            CaptureList(slug);
        }
    }

    public void CaptureNewest(IEnumerable<string> tags)
    {
        _latest ??= index.Newest().ToArray();
        foreach (var tag in tags)
        {
            if (!_tags.ContainsKey(tag))
            {
                _tags.Add(tag, index.NewestWithTag(tag).ToArray());
            }
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

        var latest = _latest is not null && !_latest.AsSpan().SequenceEqual(index.Newest().ToArray());
        var tags = _tags
            .Where(pair => !pair.Value.AsSpan().SequenceEqual(index.NewestWithTag(pair.Key).ToArray()))
            .Select(pair => pair.Key)
            .ToList();

        changed.Sort(StringComparer.Ordinal);
        removed.Sort(StringComparer.Ordinal);
        tags.Sort(StringComparer.Ordinal);
        return new IndexChanges(changed, removed, latest, tags);
    }
}
