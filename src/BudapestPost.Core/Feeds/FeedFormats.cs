using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;

namespace BudapestPost.Core.Feeds;

/// <summary>Date formats and XML settings the feed and sitemap renderers share.</summary>
internal static class FeedFormats
{
    public static readonly XmlWriterSettings Xml = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        NewLineChars = "\n",
    };

    /// <summary>
    /// The states are read only by this code, never inlined into a page: text in them (accented
    /// letters, quotes, the corrections feed's HTML) is kept as is instead of escaped.
    /// </summary>
    public static readonly JsonSerializerOptions StateJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>RFC 3339 / W3C Datetime with the offset the time was given in, to the second.</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>RFC 822 (as RSS 2.0 wants it), in GMT.</summary>
    public static string Rfc822(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);

    public const string AtomNamespace = "http://www.w3.org/2005/Atom";

    /// <summary>
    /// Opens an RSS 2.0 <c>channel</c> (within an <c>rss</c> element that declares the <c>atom</c> prefix) and writes
    /// what every channel starts with: its names, language, last build time (none for an empty feed) and self link.
    /// </summary>
    public static void WriteRssChannelHead(
        XmlWriter writer, string title, string homeUrl, string description, string language, DateTimeOffset? lastBuildDate, string selfUrl)
    {
        writer.WriteStartElement("channel");
        writer.WriteElementString("title", title);
        writer.WriteElementString("link", homeUrl);
        writer.WriteElementString("description", description);
        writer.WriteElementString("language", language);
        if (lastBuildDate is { } built)
        {
            writer.WriteElementString("lastBuildDate", Rfc822(built));
        }
        writer.WriteStartElement("atom", "link", AtomNamespace);
        writer.WriteAttributeString("href", selfUrl);
        writer.WriteAttributeString("rel", "self");
        writer.WriteAttributeString("type", "application/rss+xml");
        writer.WriteEndElement();
    }

    /// <summary>
    /// Opens an RSS 2.0 <c>item</c> and writes what every item starts with. The guid is the slug
    /// (<c>isPermaLink="false"</c>): it stays the same if the website's URL pattern changes.
    /// </summary>
    public static void WriteRssItemHead(XmlWriter writer, string title, string url, string slug, DateTimeOffset published, string description)
    {
        writer.WriteStartElement("item");
        writer.WriteElementString("title", title);
        writer.WriteElementString("link", url);
        writer.WriteStartElement("guid");
        writer.WriteAttributeString("isPermaLink", "false");
        writer.WriteString(slug);
        writer.WriteEndElement();
        writer.WriteElementString("pubDate", Rfc822(published));
        writer.WriteElementString("description", description);
    }

    /// <summary>Writes an XML document to UTF-8 bytes.</summary>
    public static byte[] WriteXml(Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, Xml))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }
        return buffer.ToArray();
    }
}
