namespace BudapestPost.Core.Related;

/// <summary>
/// An article reduced to what ranking needs: the list fields, normalized tags and raw (boosted)
/// term counts, terms sorted ordinally so every computation over them runs in one fixed order.
/// </summary>
internal sealed record AnalyzedArticle(
    string Slug,
    string Title,
    string Lead,
    DateTimeOffset Published,
    string[] Tags,
    string[] Terms,
    int[] Counts)
{
    /// <summary>True when ranking and rendering would see no difference between the two versions.</summary>
    public bool HasSameContent(AnalyzedArticle other) =>
        Slug == other.Slug
        && Title == other.Title
        && Lead == other.Lead
        && Published.UtcTicks == other.Published.UtcTicks
        && Published.Offset == other.Published.Offset
        && Tags.AsSpan().SequenceEqual(other.Tags)
        && Terms.AsSpan().SequenceEqual(other.Terms)
        && Counts.AsSpan().SequenceEqual(other.Counts);
}
