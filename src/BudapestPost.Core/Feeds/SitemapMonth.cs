using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudapestPost.Core.Feeds;

/// <summary>One URL of a sitemap; <see cref="LastModified"/> is the article's updated ?? published.</summary>
public sealed record SitemapEntry(string Slug, string Url, DateTimeOffset LastModified);

/// <summary>
/// The sitemap state of one month of publishing (by UTC publish date): a publish changes one
/// month, so only that month's files and the index are rewritten. A month is rendered as pages of
/// at most <see cref="MaxUrls"/> URLs, the sitemaps.org limit per file.
/// </summary>
public sealed class SitemapMonth
{
    public const int MaxUrls = 50_000;

    public SitemapMonth(string month) => Month = month;

    /// <summary>The month as yyyy-MM.</summary>
    [JsonInclude]
    public string Month { get; private set; }

    /// <summary>Ordered by slug, so a rendering depends only on the set of entries.</summary>
    [JsonInclude]
    public List<SitemapEntry> Entries { get; private set; } = [];

    [JsonIgnore]
    public int PageCount => (Entries.Count + MaxUrls - 1) / MaxUrls;

    [JsonIgnore]
    public DateTimeOffset? LastModified => Entries.Count == 0 ? null : Entries.Max(e => e.LastModified);

    public static string MonthOf(DateTimeOffset published) =>
        published.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The file name of a page (1-based): <c>2025-02.xml</c>, then <c>2025-02-2.xml</c>…</summary>
    public static string PageName(string month, int page) =>
        page == 1 ? month + ".xml" : $"{month}-{page.ToString(CultureInfo.InvariantCulture)}.xml";

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

    /// <summary>The urlset of one page (1-based).</summary>
    public byte[] RenderPage(int page) =>
        SitemapWriter.WriteUrlSet(Entries.Skip((page - 1) * MaxUrls).Take(MaxUrls));

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, FeedFormats.StateJson);

    public static SitemapMonth FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<SitemapMonth>(json, FeedFormats.StateJson) ?? throw new JsonException("The sitemap month is empty.");

    private sealed class BySlug : IComparer<SitemapEntry>
    {
        public static readonly BySlug Instance = new();

        public int Compare(SitemapEntry? x, SitemapEntry? y) => string.CompareOrdinal(x?.Slug, y?.Slug);
    }
}
