using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BudapestPost.Core.Feeds;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;
using Json.Schema;

namespace BudapestPost.Core.Tests.Feeds;

public sealed class JsonFeedWriterTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "Feeds", "json-feed-1.1.schema.json"));

    [Fact]
    public void Write_SampleFeed_MatchesTheJsonFeedSchema()
    {
        var json = JsonFeedWriter.Write(FeedSamples.Channel, FeedSamples.SiteFeed());

        var result = Schema.Evaluate(JsonDocument.Parse(json).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

        Assert.True(result.IsValid, string.Join("; ", result.Details?.Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
    }

    [Fact]
    public void Write_SchemaCheck_RejectsAnItemWithoutContent()
    {
        var node = JsonNode.Parse(JsonFeedWriter.Write(FeedSamples.Channel, FeedSamples.SiteFeed()))!;
        node["items"]![0]!.AsObject().Remove("content_html");

        var result = Schema.Evaluate(JsonDocument.Parse(node.ToJsonString()).RootElement);

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Write_SampleFeed_ReadsBackAsJsonFeed11FieldByField()
    {
        var list = FeedSamples.SiteFeed();

        var feed = FeedReader.ReadFromString(Encoding.UTF8.GetString(JsonFeedWriter.Write(FeedSamples.Channel, list)));

        Assert.Equal(FeedType.JsonFeed, feed.Type);
        var json = Assert.IsType<JsonFeed>(feed.SpecificFeed);
        Assert.Equal(JsonFeedWriter.Version, json.Version);
        Assert.Equal("Budapest Post", json.Title);
        Assert.Equal(FeedSamples.SiteUrl + "/", json.HomePageUrl);
        Assert.Equal(FeedSamples.Channel.JsonUrl, json.FeedUrl);
        Assert.Equal("en", json.Language);
        Assert.Equal(50, json.Items.Count);
        Assert.All(json.Items.Cast<JsonFeedItem>().Zip(list.Entries), pair =>
        {
            var (item, entry) = pair;
            Assert.Equal(entry.Slug, item.Id);
            Assert.Equal(entry.Url, item.Url);
            Assert.Equal(entry.Title, item.Title);
            Assert.Equal(entry.Summary, item.Summary);
            Assert.Equal(entry.ContentHtml, item.ContentHtml);
            Assert.Equal(entry.Published, DateTimeOffset.Parse(item.DatePublishedString, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(entry.Modified, DateTimeOffset.Parse(item.DateModifiedString, System.Globalization.CultureInfo.InvariantCulture));
        });
    }

    [Fact]
    public void Write_UpdatedArticleWithTagsAndAuthor_MovesDateModified()
    {
        var list = new FeedEntryList<FeedEntry>();
        var entry = FeedSamples.Synthetic("a", FeedSamples.Now.AddDays(-3), "nato", "defence");
        list.Upsert(entry with { Updated = FeedSamples.Now, Author = "Anna Kovács" }, FeedSamples.Now);

        var item = JsonNode.Parse(JsonFeedWriter.Write(FeedSamples.Channel, list))!["items"]![0]!;

        Assert.Equal("2025-02-26T12:00:00+00:00", (string?)item["date_published"]);
        Assert.Equal("2025-03-01T12:00:00+00:00", (string?)item["date_modified"]);
        Assert.Equal(["nato", "defence"], item["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal("Anna Kovács", (string?)item["authors"]![0]!["name"]);
    }
}
