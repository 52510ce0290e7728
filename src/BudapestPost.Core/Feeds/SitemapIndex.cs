using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudapestPost.Core.Feeds;

/// <summary>
/// The state of the sitemap index: the months with articles. It changes only when a month gains its first
/// article or loses its last; each month's pages and lastmod are read from the month's state when the index
/// is rendered (<see cref="Render"/>).
/// </summary>
public sealed class SitemapIndex
{
    /// <summary>As yyyy-MM, ordered.</summary>
    [JsonInclude]
    public List<string> Months { get; private set; } = [];

    /// <summary>Records whether a month now has articles; an empty month leaves the index.</summary>
    public bool Set(SitemapMonth month)
    {
        var index = Months.BinarySearch(month.Month, StringComparer.Ordinal);
        if (index >= 0 == month.Days.Count > 0)
        {
            return false;
        }
        if (index >= 0)
        {
            Months.RemoveAt(index);
        }
        else
        {
            Months.Insert(~index, month.Month);
        }
        return true;
    }

    /// <summary>
    /// The sitemapindex document listing every page of <paramref name="months"/> that have articles, with each
    /// month's newest lastmod; <paramref name="sitemapsUrl"/> is where the pages are served, ending in a slash.
    /// </summary>
    public static byte[] Render(string sitemapsUrl, IEnumerable<SitemapMonth> months) => SitemapWriter.WriteIndex(
        months.Where(m => m.LastModified is not null).OrderBy(m => m.Month, StringComparer.Ordinal)
            .SelectMany(m => Enumerable.Range(1, m.PageCount)
                .Select(page => (sitemapsUrl + SitemapMonth.PageName(m.Month, page), m.LastModified!.Value))));

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, FeedFormats.StateJson);

    public static SitemapIndex FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<SitemapIndex>(json, FeedFormats.StateJson) ?? new SitemapIndex();
}
