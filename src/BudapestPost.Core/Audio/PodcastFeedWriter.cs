using System.Globalization;
using System.Xml;
using BudapestPost.Core.Feeds;

namespace BudapestPost.Core.Audio;

/// <summary>
/// The narrations as a podcast: RSS 2.0 with an <c>enclosure</c> per episode and the iTunes tags podcast apps
/// read (author, owner, image, category, explicit, duration). The guid is the slug (<c>isPermaLink="false"</c>),
/// so an article narrated again after a correction stays one episode.
/// </summary>
public static class PodcastFeedWriter
{
    private const string ItunesNamespace = "http://www.itunes.com/dtds/podcast-1.0.dtd";

    public static byte[] Write(PodcastChannel channel, IReadOnlyList<PodcastEpisode> episodes) => FeedFormats.WriteXml(writer =>
    {
        writer.WriteStartElement("rss");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteAttributeString("xmlns", "itunes", null, ItunesNamespace);
        writer.WriteAttributeString("xmlns", "atom", null, FeedFormats.AtomNamespace);
        // The newest episode's time, not the time of rendering: the same episodes give the same bytes (and ETag).
        FeedFormats.WriteRssChannelHead(writer, channel.Title, channel.HomeUrl, channel.Description, channel.Language,
            episodes.Count > 0 ? episodes.Max(episode => episode.Published) : null, channel.SelfUrl);
        writer.WriteElementString("itunes", "author", ItunesNamespace, channel.Author);
        writer.WriteStartElement("itunes", "owner", ItunesNamespace);
        writer.WriteElementString("itunes", "name", ItunesNamespace, channel.Author);
        if (channel.OwnerEmail is { } email)
        {
            writer.WriteElementString("itunes", "email", ItunesNamespace, email);
        }
        writer.WriteEndElement();
        writer.WriteStartElement("itunes", "image", ItunesNamespace);
        writer.WriteAttributeString("href", channel.ImageUrl);
        writer.WriteEndElement();
        writer.WriteStartElement("itunes", "category", ItunesNamespace);
        writer.WriteAttributeString("text", channel.Category);
        writer.WriteEndElement();
        writer.WriteElementString("itunes", "explicit", ItunesNamespace, "false");
        writer.WriteElementString("itunes", "type", ItunesNamespace, "episodic");
        foreach (var episode in episodes)
        {
            WriteItem(writer, episode);
        }
        writer.WriteEndElement();
        writer.WriteEndElement();
    });

    private static void WriteItem(XmlWriter writer, PodcastEpisode episode)
    {
        FeedFormats.WriteRssItemHead(writer, episode.Title, episode.ArticleUrl, episode.Slug, episode.Published, episode.Lead);
        writer.WriteStartElement("enclosure");
        writer.WriteAttributeString("url", episode.AudioUrl);
        writer.WriteAttributeString("length", episode.Bytes.ToString(CultureInfo.InvariantCulture));
        writer.WriteAttributeString("type", episode.MimeType);
        writer.WriteEndElement();
        writer.WriteElementString("itunes", "duration", ItunesNamespace,
            ((int)Math.Round(episode.DurationSeconds)).ToString(CultureInfo.InvariantCulture));
        writer.WriteElementString("itunes", "explicit", ItunesNamespace, "false");
        writer.WriteElementString("itunes", "episodeType", ItunesNamespace, "full");
        writer.WriteEndElement();
    }
}

/// <summary>The podcast as a whole: names, addresses and the tags a podcast directory requires.</summary>
public sealed record PodcastChannel(
    string Title, string Description, string Language, string HomeUrl, string SelfUrl,
    string Author, string? OwnerEmail, string ImageUrl, string Category);

/// <summary>One narrated article.</summary>
public sealed record PodcastEpisode(
    string Slug, string Title, string Lead, DateTimeOffset Published, string ArticleUrl,
    string AudioUrl, string MimeType, long Bytes, double DurationSeconds);
