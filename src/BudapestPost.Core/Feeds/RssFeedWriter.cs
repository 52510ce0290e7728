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

    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string ContentNamespace = "http://purl.org/rss/1.0/modules/content/";
    private const string DublinCoreNamespace = "http://purl.org/dc/elements/1.1/";

    public static byte[] Write(FeedChannel channel, FeedEntryList<FeedEntry> list) => FeedFormats.WriteXml(writer =>
    {
        writer.WriteStartElement("rss");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteAttributeString("xmlns", "atom", null, AtomNamespace);
        writer.WriteAttributeString("xmlns", "content", null, ContentNamespace);
        writer.WriteAttributeString("xmlns", "dc", null, DublinCoreNamespace);
        writer.WriteStartElement("channel");
        writer.WriteElementString("title", channel.Title);
        writer.WriteElementString("link", channel.HomeUrl);
        writer.WriteElementString("description", channel.Description);
        writer.WriteElementString("language", channel.Language);
        if (list.ChangedAt is { } changedAt)
        {
            writer.WriteElementString("lastBuildDate", FeedFormats.Rfc822(changedAt));
        }
        writer.WriteStartElement("atom", "link", AtomNamespace);
        writer.WriteAttributeString("href", channel.RssUrl);
        writer.WriteAttributeString("rel", "self");
        writer.WriteAttributeString("type", "application/rss+xml");
        writer.WriteEndElement();
        foreach (var entry in list.Entries)
        {
            WriteItem(writer, entry);
        }
        writer.WriteEndElement();
        writer.WriteEndElement();
    });

    private static void WriteItem(XmlWriter writer, FeedEntry entry)
    {
        writer.WriteStartElement("item");
        writer.WriteElementString("title", entry.Title);
        writer.WriteElementString("link", entry.Url);
        writer.WriteStartElement("guid");
        writer.WriteAttributeString("isPermaLink", "false");
        writer.WriteString(entry.Slug);
        writer.WriteEndElement();
        writer.WriteElementString("pubDate", FeedFormats.Rfc822(entry.Published));
        writer.WriteElementString("description", entry.Summary);
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
