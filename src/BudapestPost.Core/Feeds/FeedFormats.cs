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
