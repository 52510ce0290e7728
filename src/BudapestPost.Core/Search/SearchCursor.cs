using System.Globalization;

namespace BudapestPost.Core.Search;

/// <summary>
/// Where a page ended, as the sort values of its last hit (the slug breaks ties), so the next page
/// starts after it even when documents were added or removed in between: no hit twice.
/// </summary>
public sealed record SearchCursor(SearchSort Sort, float Score, long PublishedTicks, string Slug)
{
    public override string ToString() => Sort == SearchSort.Relevance
        ? $"r:{BitConverter.SingleToInt32Bits(Score).ToString(CultureInfo.InvariantCulture)}:{Slug}"
        : $"n:{PublishedTicks.ToString(CultureInfo.InvariantCulture)}:{Slug}";

    public static bool TryParse(string text, out SearchCursor? cursor)
    {
        cursor = null;
        var parts = text.Split(':', 3);
        if (parts.Length != 3 || !Articles.Slug.IsValid(parts[2]) ||
            !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }
        cursor = parts[0] switch
        {
            "r" when value is >= int.MinValue and <= int.MaxValue =>
                new SearchCursor(SearchSort.Relevance, BitConverter.Int32BitsToSingle((int)value), 0, parts[2]),
            "n" => new SearchCursor(SearchSort.Newest, 0, value, parts[2]),
            _ => null,
        };
        return cursor is not null;
    }
}
