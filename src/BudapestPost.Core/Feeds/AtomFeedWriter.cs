using System.Xml;

namespace BudapestPost.Core.Feeds;

/// <summary>
/// Atom 1.0 (RFC 4287). Entry ids are <c>urn:budapest-post:article:{slug}</c>, permanent whatever
/// the website's URLs; the publisher is the feed's author, so every entry has one.
/// </summary>
public static class AtomFeedWriter
{
    public const string ContentType = "application/atom+xml; charset=utf-8";

    private const string Namespace = "http://www.w3.org/2005/Atom";

    public static string EntryId(string slug) => "urn:budapest-post:article:" + slug;

    public static byte[] Write(FeedChannel channel, FeedEntryList<FeedEntry> list) => FeedFormats.WriteXml(writer =>
    {
        writer.WriteStartElement("feed", Namespace);
        writer.WriteAttributeString("xml", "lang", null, channel.Language);
        writer.WriteElementString("id", Namespace, channel.AtomUrl);
        writer.WriteElementString("title", Namespace, channel.Title);
        writer.WriteElementString("subtitle", Namespace, channel.Description);
        writer.WriteElementString("updated", Namespace, FeedFormats.Rfc3339(list.ChangedAt ?? DateTimeOffset.UnixEpoch));
        WriteLink(writer, "self", channel.AtomUrl, "application/atom+xml");
        WriteLink(writer, "alternate", channel.HomeUrl, "text/html");
        WriteAuthor(writer, channel.Publisher);
        foreach (var entry in list.Entries)
        {
            WriteEntry(writer, entry);
        }
        writer.WriteEndElement();
    });

    private static void WriteEntry(XmlWriter writer, FeedEntry entry)
    {
        writer.WriteStartElement("entry", Namespace);
        writer.WriteElementString("id", Namespace, EntryId(entry.Slug));
        writer.WriteElementString("title", Namespace, entry.Title);
        WriteLink(writer, "alternate", entry.Url, "text/html");
        writer.WriteElementString("published", Namespace, FeedFormats.Rfc3339(entry.Published));
        writer.WriteElementString("updated", Namespace, FeedFormats.Rfc3339(entry.Modified));
        if (entry.Author is { } author)
        {
            WriteAuthor(writer, author);
        }
        foreach (var tag in entry.Tags)
        {
            writer.WriteStartElement("category", Namespace);
            writer.WriteAttributeString("term", tag);
            writer.WriteEndElement();
        }
        writer.WriteElementString("summary", Namespace, entry.Summary);
        writer.WriteStartElement("content", Namespace);
        writer.WriteAttributeString("type", "html");
        writer.WriteString(entry.ContentHtml);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void WriteLink(XmlWriter writer, string rel, string href, string type)
    {
        writer.WriteStartElement("link", Namespace);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("type", type);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static void WriteAuthor(XmlWriter writer, string name)
    {
        writer.WriteStartElement("author", Namespace);
        writer.WriteElementString("name", Namespace, name);
        writer.WriteEndElement();
    }
}
