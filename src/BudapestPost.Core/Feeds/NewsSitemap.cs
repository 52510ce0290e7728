using System.Text.Json;
using System.Text.Json.Serialization;

namespace BudapestPost.Core.Feeds;

/// <summary>One article of the Google News sitemap.</summary>
public sealed record NewsEntry(string Slug, string Url, string Title, DateTimeOffset Published);

/// <summary>
/// The Google News sitemap: articles published in the last <see cref="Window"/>, at most
/// <see cref="MaxUrls"/>, newest first. Publishes add and remove entries; time passing removes
/// them too (<see cref="Prune"/>), so a timer keeps it current between publishes.
/// </summary>
public sealed class NewsSitemap
{
    public const int MaxUrls = 1_000;
    public const string NewsNamespace = "http://www.google.com/schemas/sitemap-news/0.9";

    public static readonly TimeSpan Window = TimeSpan.FromDays(2);

    [JsonInclude]
    public List<NewsEntry> Entries { get; private set; } = [];

    public static bool IsRecent(DateTimeOffset published, DateTimeOffset now) =>
        published > now - Window && published <= now;

    /// <summary>Adds or replaces an entry if it is recent; false when the state did not change.</summary>
    public bool Upsert(NewsEntry entry, DateTimeOffset now)
    {
        var index = Entries.FindIndex(e => e.Slug == entry.Slug);
        if (index >= 0 && Entries[index] == entry)
        {
            return Prune(now);
        }
        if (index >= 0)
        {
            Entries.RemoveAt(index);
        }
        var recent = IsRecent(entry.Published, now);
        if (recent)
        {
            var at = Entries.FindIndex(e => e.Published < entry.Published ||
                (e.Published == entry.Published && string.CompareOrdinal(e.Slug, entry.Slug) > 0));
            Entries.Insert(at < 0 ? Entries.Count : at, entry);
        }
        return Prune(now) | recent | index >= 0;
    }

    public bool Remove(string slug, DateTimeOffset now) => Entries.RemoveAll(e => e.Slug == slug) > 0 | Prune(now);

    /// <summary>Drops entries older than the window and beyond the limit; false when none were.</summary>
    public bool Prune(DateTimeOffset now)
    {
        var removed = Entries.RemoveAll(e => !IsRecent(e.Published, now));
        if (Entries.Count > MaxUrls)
        {
            removed += Entries.Count - MaxUrls;
            Entries.RemoveRange(MaxUrls, Entries.Count - MaxUrls);
        }
        return removed > 0;
    }

    public byte[] Render(string publicationName, string language) => FeedFormats.WriteXml(writer =>
    {
        writer.WriteStartElement("urlset", SitemapWriter.Namespace);
        writer.WriteAttributeString("xmlns", "news", null, NewsNamespace);
        foreach (var entry in Entries)
        {
            writer.WriteStartElement("url", SitemapWriter.Namespace);
            writer.WriteElementString("loc", SitemapWriter.Namespace, entry.Url);
            writer.WriteStartElement("news", NewsNamespace);
            writer.WriteStartElement("publication", NewsNamespace);
            writer.WriteElementString("name", NewsNamespace, publicationName);
            writer.WriteElementString("language", NewsNamespace, language);
            writer.WriteEndElement();
            writer.WriteElementString("publication_date", NewsNamespace, FeedFormats.Rfc3339(entry.Published));
            writer.WriteElementString("title", NewsNamespace, entry.Title);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    });

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, FeedFormats.StateJson);

    public static NewsSitemap FromJson(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<NewsSitemap>(json, FeedFormats.StateJson) ?? new NewsSitemap();
}
