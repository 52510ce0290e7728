using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudapestPost.Core.Feeds;

/// <summary>A day of a month's sitemap: how many URLs it has and the newest of their lastmods.</summary>
public sealed record SitemapDayLine(string Day, int Urls, DateTimeOffset LastModified);

/// <summary>
/// The sitemap state of one month of publishing (by UTC publish date): a line per day with articles, so a
/// publish rewrites its day and this short list, never the month's URLs. The month is rendered from its days
/// (<see cref="RenderPage"/>) as pages of at most <see cref="MaxUrls"/> URLs, the sitemaps.org limit per file;
/// a month whose articles all left keeps its state, so it still answers with one empty page.
/// </summary>
public sealed class SitemapMonth
{
    public const int MaxUrls = 50_000;

    public SitemapMonth(string month) => Month = month;

    /// <summary>The month as yyyy-MM.</summary>
    [JsonInclude]
    public string Month { get; private set; }

    /// <summary>The days with articles, ordered by day.</summary>
    [JsonInclude]
    public List<SitemapDayLine> Days { get; private set; } = [];

    [JsonIgnore]
    public int PageCount => Pages(Days.Sum(d => d.Urls));

    [JsonIgnore]
    public DateTimeOffset? LastModified => Days.Count == 0 ? null : Days.Max(d => d.LastModified);

    public static string MonthOf(DateTimeOffset published) =>
        published.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The file name of a page (1-based): <c>2025-02.xml</c>, then <c>2025-02-2.xml</c>…</summary>
    public static string PageName(string month, int page) =>
        page == 1 ? month + ".xml" : $"{month}-{page.ToString(CultureInfo.InvariantCulture)}.xml";

    /// <summary>Records what a day of this month now holds; a day without articles leaves the month.</summary>
    public bool Set(SitemapDay day)
    {
        var line = day.LastModified is { } lastModified ? new SitemapDayLine(day.Day, day.Entries.Count, lastModified) : null;
        var index = Days.FindIndex(d => d.Day == day.Day);
        if (index >= 0 && Days[index] == line)
        {
            return false;
        }
        if (index >= 0)
        {
            Days.RemoveAt(index);
        }
        if (line is null)
        {
            return index >= 0;
        }
        var at = Days.FindIndex(d => string.CompareOrdinal(d.Day, line.Day) > 0);
        Days.Insert(at < 0 ? Days.Count : at, line);
        return true;
    }

    /// <summary>
    /// The urlset of one page (1-based) of a month made of <paramref name="days"/>, its URLs ordered by slug; null
    /// for a page past the last (a month without URLs has one, empty).
    /// </summary>
    public static byte[]? RenderPage(IEnumerable<SitemapDay> days, int page)
    {
        var entries = days.SelectMany(d => d.Entries).OrderBy(e => e.Slug, StringComparer.Ordinal).ToList();
        return page <= Math.Max(Pages(entries.Count), 1)
            ? SitemapWriter.WriteUrlSet(entries.Skip((page - 1) * MaxUrls).Take(MaxUrls))
            : null;
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, FeedFormats.StateJson);

    public static SitemapMonth FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<SitemapMonth>(json, FeedFormats.StateJson) ?? throw new JsonException("The sitemap month is empty.");

    private static int Pages(int urls) => (urls + MaxUrls - 1) / MaxUrls;
}
