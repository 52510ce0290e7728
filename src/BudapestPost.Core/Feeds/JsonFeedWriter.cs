using System.Text.Encodings.Web;
using System.Text.Json;

namespace BudapestPost.Core.Feeds;

/// <summary>JSON Feed 1.1 (https://jsonfeed.org/version/1.1); item ids are the slugs.</summary>
public static class JsonFeedWriter
{
    public const string ContentType = "application/feed+json; charset=utf-8";
    public const string Version = "https://jsonfeed.org/version/1.1";

    // Served as its own document, never inlined into HTML: only what JSON requires is escaped.
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(FeedChannel channel, FeedEntryList<FeedEntry> list)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("version", Version);
            json.WriteString("title", channel.Title);
            json.WriteString("home_page_url", channel.HomeUrl);
            json.WriteString("feed_url", channel.JsonUrl);
            json.WriteString("description", channel.Description);
            json.WriteString("language", channel.Language);
            WriteAuthors(json, channel.Publisher);
            json.WriteStartArray("items");
            foreach (var entry in list.Entries)
            {
                WriteItem(json, entry);
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteItem(Utf8JsonWriter json, FeedEntry entry)
    {
        json.WriteStartObject();
        json.WriteString("id", entry.Slug);
        json.WriteString("url", entry.Url);
        json.WriteString("title", entry.Title);
        json.WriteString("summary", entry.Summary);
        json.WriteString("content_html", entry.ContentHtml);
        json.WriteString("date_published", FeedFormats.Rfc3339(entry.Published));
        json.WriteString("date_modified", FeedFormats.Rfc3339(entry.Modified));
        json.WriteStartArray("tags");
        foreach (var tag in entry.Tags)
        {
            json.WriteStringValue(tag);
        }
        json.WriteEndArray();
        if (entry.Author is { } author)
        {
            WriteAuthors(json, author);
        }
        json.WriteEndObject();
    }

    private static void WriteAuthors(Utf8JsonWriter json, string name)
    {
        json.WriteStartArray("authors");
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteEndObject();
        json.WriteEndArray();
    }
}
