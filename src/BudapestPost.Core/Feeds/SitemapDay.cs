using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudapestPost.Core.Feeds;

/// <summary>One URL of a sitemap; <see cref="LastModified"/> is the article's updated ?? published.</summary>
public sealed record SitemapEntry(string Slug, string Url, DateTimeOffset LastModified);

/// <summary>
/// The sitemap state of one day of publishing (by UTC publish date): the URLs of the articles published
/// that day. A publish rewrites only its day, so what it writes does not grow with its month; a month's
/// files are rendered from its days (see <see cref="SitemapMonth"/>).
/// </summary>
public sealed class SitemapDay
{
    public SitemapDay(string day) => Day = day;

    /// <summary>The day as yyyy-MM-dd.</summary>
    [JsonInclude]
    public string Day { get; private set; }

    /// <summary>Ordered by slug, so a rendering depends only on the set of entries.</summary>
    [JsonInclude]
    public List<SitemapEntry> Entries { get; private set; } = [];

    /// <summary>The month the day is in, as yyyy-MM.</summary>
    [JsonIgnore]
    public string Month => Day[..7];

    [JsonIgnore]
    public DateTimeOffset? LastModified => Entries.Count == 0 ? null : Entries.Max(e => e.LastModified);

    public static string DayOf(DateTimeOffset published) =>
        published.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public bool Upsert(SitemapEntry entry)
    {
        var index = Entries.BinarySearch(entry, BySlug.Instance);
        if (index >= 0)
        {
            if (Entries[index] == entry)
            {
                return false;
            }
            Entries[index] = entry;
            return true;
        }
        Entries.Insert(~index, entry);
        return true;
    }

    public bool Remove(string slug) => Entries.RemoveAll(e => e.Slug == slug) > 0;

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, FeedFormats.StateJson);

    public static SitemapDay FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<SitemapDay>(json, FeedFormats.StateJson) ?? throw new JsonException("The sitemap day is empty.");

    private sealed class BySlug : IComparer<SitemapEntry>
    {
        public static readonly BySlug Instance = new();

        public int Compare(SitemapEntry? x, SitemapEntry? y) => string.CompareOrdinal(x?.Slug, y?.Slug);
    }
}
