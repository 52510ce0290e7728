namespace BudapestPost.Core.Feeds;

/// <summary>The sitemaps.org 0.9 documents: a urlset and a sitemap index.</summary>
public static class SitemapWriter
{
    public const string ContentType = "application/xml; charset=utf-8";
    public const string Namespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static byte[] WriteUrlSet(IEnumerable<SitemapEntry> entries) => FeedFormats.WriteXml(writer =>
    {
        writer.WriteStartElement("urlset", Namespace);
        foreach (var entry in entries)
        {
            writer.WriteStartElement("url", Namespace);
            writer.WriteElementString("loc", Namespace, entry.Url);
            writer.WriteElementString("lastmod", Namespace, FeedFormats.Rfc3339(entry.LastModified));
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    });

    public static byte[] WriteIndex(IEnumerable<(string Url, DateTimeOffset LastModified)> sitemaps) => FeedFormats.WriteXml(writer =>
    {
        writer.WriteStartElement("sitemapindex", Namespace);
        foreach (var (url, lastModified) in sitemaps)
        {
            writer.WriteStartElement("sitemap", Namespace);
            writer.WriteElementString("loc", Namespace, url);
            writer.WriteElementString("lastmod", Namespace, FeedFormats.Rfc3339(lastModified));
            writer.WriteEndElement();
        }
        writer.WriteEndElement();
    });
}
