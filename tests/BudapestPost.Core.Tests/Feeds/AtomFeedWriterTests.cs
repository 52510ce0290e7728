using System.ServiceModel.Syndication;
using BudapestPost.Core.Feeds;

namespace BudapestPost.Core.Tests.Feeds;

public sealed class AtomFeedWriterTests
{
    [Fact]
    public void Write_SampleFeed_ReadsBackAsAtom10WithTheFeedFields()
    {
        var list = FeedSamples.SiteFeed();

        var (feed, formatter) = RssFeedWriterTests.Read(AtomFeedWriter.Write(FeedSamples.Channel, list));

        Assert.IsType<Atom10FeedFormatter>(formatter);
        Assert.Equal(FeedSamples.Channel.AtomUrl, feed.Id);
        Assert.Equal("Budapest Post", feed.Title.Text);
        Assert.Equal("News from Budapest and beyond", feed.Description.Text);
        Assert.Equal("en", feed.Language);
        Assert.Equal(list.ChangedAt, feed.LastUpdatedTime);
        Assert.Equal("Budapest Post", Assert.Single(feed.Authors).Name);
        Assert.Equal(FeedSamples.Channel.AtomUrl, Assert.Single(feed.Links, l => l.RelationshipType == "self").Uri.AbsoluteUri);
        Assert.Equal(FeedSamples.SiteUrl + "/", Assert.Single(feed.Links, l => l.RelationshipType == "alternate").Uri.AbsoluteUri);
    }

    [Fact]
    public void Write_EveryEntry_CarriesItsArticleFieldByField()
    {
        var list = FeedSamples.SiteFeed();

        var (feed, _) = RssFeedWriterTests.Read(AtomFeedWriter.Write(FeedSamples.Channel, list));

        Assert.Equal(50, feed.Items.Count());
        Assert.All(feed.Items.Zip(list.Entries), pair =>
        {
            var (item, entry) = pair;
            Assert.Equal("urn:budapest-post:article:" + entry.Slug, item.Id);
            Assert.Equal(entry.Title, item.Title.Text);
            Assert.Equal(entry.Summary, item.Summary.Text);
            Assert.Equal(entry.Url, Assert.Single(item.Links).Uri.AbsoluteUri);
            Assert.Equal(entry.Published, item.PublishDate);
            Assert.Equal(entry.Modified, item.LastUpdatedTime);
            var content = Assert.IsType<TextSyndicationContent>(item.Content);
            Assert.Equal("html", content.Type);
            Assert.Equal(entry.ContentHtml, content.Text);
        });
    }

    [Fact]
    public void Write_UpdatedArticle_MovesItsUpdatedTime()
    {
        var list = new FeedEntryList<FeedEntry>();
        var entry = FeedSamples.Synthetic("a", FeedSamples.Now.AddDays(-3), "nato", "defence");
        list.Upsert(entry, FeedSamples.Now.AddDays(-3));
        list.Upsert(entry with { Updated = FeedSamples.Now, Author = "Anna Kovács" }, FeedSamples.Now);

        var (feed, _) = RssFeedWriterTests.Read(AtomFeedWriter.Write(FeedSamples.Channel, list));

        var item = Assert.Single(feed.Items);
        Assert.Equal(FeedSamples.Now, item.LastUpdatedTime);
        Assert.Equal(FeedSamples.Now.AddDays(-3), item.PublishDate);
        Assert.Equal(FeedSamples.Now, feed.LastUpdatedTime);
        Assert.Equal(["nato", "defence"], item.Categories.Select(c => c.Name));
        Assert.Equal("Anna Kovács", Assert.Single(item.Authors).Name);
    }
}
