using System.Xml;

namespace BudapestPost.Core.Feeds;

/// <summary>
/// RSS 2.0 with the usual extensions: <c>atom:link rel="self"</c>, the full sanitized HTML in
/// <c>content:encoded</c> and <c>dc:creator</c> for an article's author. The guid is the slug
/// (<c>isPermaLink="false"</c>): it stays the same if the website's URL pattern changes.
/// </summary>
public static class RssFeedWriter
{
    public const string ContentType = "application/rss+xml; charset=utf-8";

    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";

    public static byte[] Write(FeedChannel channel, FeedEntryList<FeedEntry> list) => FeedFormats.WriteXml(writer =>
    {
        writer.WriteStartElement("rss");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteAttributeString("xmlns", "atom", null, FeedFormats.AtomNamespace);
        writer.WriteAttributeString("xmlns", "content", null, ContentNamespace);
        writer.WriteAttributeString("xmlns", "dc", null, DublinCoreNamespace);
        FeedFormats.WriteRssChannelHead(writer, channel.Title, channel.HomeUrl, channel.Description, channel.Language, list.ChangedAt, channel.RssUrl);
        foreach (var entry in list.Entries)
        {
            WriteItem(writer, entry);
        }
        writer.WriteEndElement();
        writer.WriteEndElement();
    });

    private static void WriteItem(XmlWriter writer, FeedEntry entry)
    {
        FeedFormats.WriteRssItemHead(writer, entry.Title, entry.Url, entry.Slug, entry.Published, entry.Summary);
        foreach (var tag in entry.Tags)
        {
            writer.WriteElementString("category", tag);
        }
        if (entry.Author is { } author)
        {
            writer.WriteElementString("creator", DublinCoreNamespace, author);
        }
        writer.WriteElementString("encoded", ContentNamespace, entry.ContentHtml);
        writer.WriteEndElement();
    }
}
