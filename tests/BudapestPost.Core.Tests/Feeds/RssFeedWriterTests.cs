using System.ServiceModel.Syndication;
using System.Xml;
using System.Xml.Linq;
using BudapestPost.Core.Feeds;

namespace BudapestPost.Core.Tests.Feeds;

public sealed class RssFeedWriterTests
{
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace DublinCore = "http://purl.org/dc/elements/1.1/";

    [Fact]
    public void Write_SampleFeed_ReadsBackAsRss20WithTheChannelFields()
    {
        var list = FeedSamples.SiteFeed();

        var (feed, formatter) = Read(RssFeedWriter.Write(FeedSamples.Channel, list));

        Assert.IsType<Rss20FeedFormatter>(formatter);
        Assert.Equal("Budapest Post", feed.Title.Text);
        Assert.Equal("News from Budapest and beyond", feed.Description.Text);
        Assert.Equal("en", feed.Language);
        Assert.Equal(list.ChangedAt, feed.LastUpdatedTime);
        Assert.Contains(feed.Links, link => link.RelationshipType == "alternate" && link.Uri.AbsoluteUri == FeedSamples.SiteUrl + "/");
        var self = Assert.Single(feed.Links, link => link.RelationshipType == "self");
        Assert.Equal(FeedSamples.Channel.RssUrl, self.Uri.AbsoluteUri);
        Assert.Equal("application/rss+xml", self.MediaType);
    }

    [Fact]
    public void Write_SampleFeed_HasTheNewestFiftyArticlesNewestFirst()
    {
        var expected = FeedSamples.Articles.OrderByDescending(a => a.Published).Take(50).Select(a => a.Slug);

        var (feed, _) = Read(RssFeedWriter.Write(FeedSamples.Channel, FeedSamples.SiteFeed()));

        Assert.Equal(expected, feed.Items.Select(item => item.Id));
    }

    [Fact]
    public void Write_EveryItem_CarriesItsArticleFieldByField()
    {
        var list = FeedSamples.SiteFeed();

        var (feed, _) = Read(RssFeedWriter.Write(FeedSamples.Channel, list));

        Assert.All(feed.Items.Zip(list.Entries), pair =>
        {
            var (item, entry) = pair;
            Assert.Equal(entry.Slug, item.Id);
            Assert.Equal(entry.Title, item.Title.Text);
            Assert.Equal(entry.Summary, item.Summary.Text);
            Assert.Equal(entry.Url, Assert.Single(item.Links).Uri.AbsoluteUri);
            Assert.Equal(entry.Published, item.PublishDate);
            Assert.Equal(entry.Tags, item.Categories.Select(c => c.Name));
            Assert.Equal(entry.ContentHtml, Extension(item, Content + "encoded"));
            Assert.Null(Extension(item, DublinCore + "creator"));
        });
    }

    [Fact]
    public void Write_GuidIsTheSlugAndNotAPermalink()
    {
        var list = new FeedEntryList<FeedEntry>();
        list.Upsert(FeedSamples.Synthetic("nato-summit", FeedSamples.Now), FeedSamples.Now);

        var guid = XDocument.Parse(System.Text.Encoding.UTF8.GetString(RssFeedWriter.Write(FeedSamples.Channel, list)))
            .Descendants("guid").Single();

        Assert.Equal("nato-summit", guid.Value);
        Assert.Equal("false", guid.Attribute("isPermaLink")?.Value);
    }

    [Fact]
    public void Write_EntryWithTagsAndAuthor_HasCategoriesAndCreator()
    {
        var list = new FeedEntryList<FeedEntry>();
        var seed = FeedSamples.Articles.Single(a => a.Slug == "not-an-enemy-any-more-why-russia-is-courting-the-taliban");
        var entry = FeedSamples.Entry(seed, author: "Anna Kovács") with { Tags = ["russia", "afghanistan"] };
        list.Upsert(entry, FeedSamples.Now);

        var (feed, _) = Read(RssFeedWriter.Write(FeedSamples.Channel, list));

        var item = Assert.Single(feed.Items);
        Assert.Equal(["russia", "afghanistan"], item.Categories.Select(c => c.Name));
        Assert.Equal("Anna Kovács", Extension(item, DublinCore + "creator"));
        Assert.Contains("<h2 id=\"sovereignty-vs-security\">Sovereignty vs security</h2>", Extension(item, Content + "encoded"));
    }

    [Fact]
    public void Write_EmptyFeed_IsStillAValidChannel()
    {
        var (feed, _) = Read(RssFeedWriter.Write(FeedSamples.Channel, new FeedEntryList<FeedEntry>()));

        Assert.Empty(feed.Items);
        Assert.Equal("Budapest Post", feed.Title.Text);
    }

    internal static (SyndicationFeed Feed, SyndicationFeedFormatter Formatter) Read(byte[] xml)
    {
        using var reader = XmlReader.Create(new MemoryStream(xml));
        SyndicationFeedFormatter formatter = new Rss20FeedFormatter();
        if (!formatter.CanRead(reader))
        {
            formatter = new Atom10FeedFormatter();
        }
        formatter.ReadFrom(reader);
        return (formatter.Feed, formatter);
    }

    private static string? Extension(SyndicationItem item, XName name) =>
        item.ElementExtensions
            .Where(e => e.OuterName == name.LocalName && e.OuterNamespace == name.NamespaceName)
            .Select(e => e.GetObject<XElement>().Value)
            .SingleOrDefault();
}
