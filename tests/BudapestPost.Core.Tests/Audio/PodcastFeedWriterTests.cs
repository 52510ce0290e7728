using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using BudapestPost.Core.Audio;

namespace BudapestPost.Core.Tests.Audio;

public sealed class PodcastFeedWriterTests
{
    private static readonly XNamespace Itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";

    private static readonly PodcastChannel Channel = new(
        "Budapest Post: listen", "Every article, read aloud.", "en", "https://budapestpost.example/",
        "https://api.example/api/feeds/audio.xml", "Budapest Post", "audio@budapestpost.example",
        "https://budapestpost.example/podcast.png", "News");

    private static readonly PodcastEpisode[] Episodes =
    [
        new("newer", "Newer & better", "The lead.", new DateTimeOffset(2025, 2, 14, 9, 30, 0, TimeSpan.FromHours(1)),
            "https://budapestpost.example/articles/newer", "https://api.example/api/articles/newer/audio/abc.mp3", "audio/mpeg", 123456, 95.6),
        new("older", "Older", "Another lead.", new DateTimeOffset(2025, 2, 1, 8, 0, 0, TimeSpan.Zero),
            "https://budapestpost.example/articles/older", "https://api.example/api/articles/older/audio/def.mp3", "audio/mpeg", 2000, 3),
    ];

    [Fact]
    public void Write_Episodes_ParseAsRssWithEnclosures()
    {
        using var reader = XmlReader.Create(new MemoryStream(PodcastFeedWriter.Write(Channel, Episodes)));
        var feed = SyndicationFeed.Load(reader);

        Assert.Equal("Budapest Post: listen", feed.Title.Text);
        Assert.Equal(["newer", "older"], feed.Items.Select(item => item.Id));
        var enclosure = Assert.Single(feed.Items.First().Links, link => link.RelationshipType == "enclosure");
        Assert.Equal(new Uri("https://api.example/api/articles/newer/audio/abc.mp3"), enclosure.Uri);
        Assert.Equal(123456, enclosure.Length);
        Assert.Equal("audio/mpeg", enclosure.MediaType);
    }

    [Fact]
    public void Write_Channel_HasTheItunesTagsPodcastAppsRead()
    {
        var channel = XDocument.Parse(System.Text.Encoding.UTF8.GetString(PodcastFeedWriter.Write(Channel, Episodes))).Root!.Element("channel")!;

        Assert.Equal("Budapest Post", channel.Element(Itunes + "author")?.Value);
        Assert.Equal("audio@budapestpost.example", channel.Element(Itunes + "owner")?.Element(Itunes + "email")?.Value);
        Assert.Equal("https://budapestpost.example/podcast.png", channel.Element(Itunes + "image")?.Attribute("href")?.Value);
        Assert.Equal("News", channel.Element(Itunes + "category")?.Attribute("text")?.Value);
        Assert.Equal("false", channel.Element(Itunes + "explicit")?.Value);
        Assert.Equal(["96", "3"], channel.Elements("item").Select(item => item.Element(Itunes + "duration")?.Value));
    }

    [Fact]
    public void Write_SameEpisodes_SameBytes()
    {
        Assert.Equal(PodcastFeedWriter.Write(Channel, Episodes), PodcastFeedWriter.Write(Channel, Episodes));
    }
}
