using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudapestPost.Core.Feeds;

/// <summary>
/// The state of the sitemap index: for each month with articles, how many pages it has and when
/// its newest change was. A publish updates one month's line.
/// </summary>
public sealed class SitemapIndex
{
    /// <summary>Ordered by month.</summary>
    [JsonInclude]
    public List<SitemapIndexMonth> Months { get; private set; } = [];

    /// <summary>Records what a month now holds; an empty month leaves the index.</summary>
    public bool Set(SitemapMonth month)
    {
        var line = month.LastModified is { } lastModified
            ? new SitemapIndexMonth(month.Month, month.PageCount, lastModified)
            : null;
        var index = Months.FindIndex(m => m.Month == month.Month);
        if (index >= 0 && Months[index] == line)
        {
            return false;
        }
        if (index >= 0)
        {
            Months.RemoveAt(index);
        }
        if (line is null)
        {
            return index >= 0;
        }
        var at = Months.FindIndex(m => string.CompareOrdinal(m.Month, line.Month) > 0);
        Months.Insert(at < 0 ? Months.Count : at, line);
        return true;
    }

    /// <summary>The sitemapindex document; <paramref name="sitemapsUrl"/> is where the pages are served, ending in a slash.</summary>
    public byte[] Render(string sitemapsUrl) => SitemapWriter.WriteIndex(
        Months.SelectMany(m => Enumerable.Range(1, m.Pages)
            .Select(page => (sitemapsUrl + SitemapMonth.PageName(m.Month, page), m.LastModified))));

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, FeedFormats.StateJson);

    public static SitemapIndex FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<SitemapIndex>(json, FeedFormats.StateJson) ?? new SitemapIndex();
}

public sealed record SitemapIndexMonth(string Month, int Pages, DateTimeOffset LastModified);
