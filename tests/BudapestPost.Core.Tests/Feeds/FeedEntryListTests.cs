using BudapestPost.Core.Feeds;

namespace BudapestPost.Core.Tests.Feeds;

public sealed class FeedEntryListTests
{
    private static readonly DateTimeOffset Start = new(2025, 2, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Upsert_ArticlesInAnyOrder_KeepsNewestFirst()
    {
        var list = new FeedEntryList<FeedEntry>();

        list.Upsert(FeedSamples.Synthetic("b", Start.AddHours(2)), Start);
        list.Upsert(FeedSamples.Synthetic("c", Start.AddHours(1)), Start);
        list.Upsert(FeedSamples.Synthetic("a", Start.AddHours(3)), Start);

        Assert.Equal(["a", "b", "c"], list.Entries.Select(e => e.Slug));
    }

    [Fact]
    public void Upsert_SameEntryAgain_ChangesNothing()
    {
        var list = new FeedEntryList<FeedEntry>();
        list.Upsert(FeedSamples.Synthetic("a", Start), Start);

        var changed = list.Upsert(FeedSamples.Synthetic("a", Start), Start.AddDays(1));

        Assert.False(changed);
        Assert.Equal(Start, list.ChangedAt);
    }

    [Fact]
    public void Upsert_UpdatedArticle_ReplacesItsEntryAndMovesChangedAt()
    {
        var list = new FeedEntryList<FeedEntry>();
        list.Upsert(FeedSamples.Synthetic("a", Start), Start);
        var updated = FeedSamples.Synthetic("a", Start) with { Title = "Corrected", Updated = Start.AddDays(1) };

        var changed = list.Upsert(updated, Start.AddDays(1));

        Assert.True(changed);
        Assert.Equal("Corrected", Assert.Single(list.Entries).Title);
        Assert.Equal(Start.AddDays(1), list.Entries[0].Modified);
        Assert.Equal(Start.AddDays(1), list.ChangedAt);
    }

    [Fact]
    public void Upsert_BeyondCapacity_KeepsTheNewestFiftyAndIsTruncated()
    {
        var list = Filled(60);

        Assert.Equal(FeedEntryList.Capacity, list.Entries.Count);
        Assert.Equal("article-59", list.Entries[0].Slug);
        Assert.Equal("article-10", list.Oldest!.Slug);
        Assert.True(list.Truncated);
        Assert.False(list.NeedsRefill);
    }

    [Fact]
    public void Upsert_OlderThanAFullList_StaysOut()
    {
        var list = Filled(50);

        var changed = list.Upsert(FeedSamples.Synthetic("ancient", Start.AddYears(-1)), Start);

        Assert.True(changed);
        Assert.False(list.Contains("ancient"));
        Assert.True(list.Truncated);
        Assert.False(list.Upsert(FeedSamples.Synthetic("older", Start.AddYears(-2)), Start));
    }

    [Fact]
    public void Remove_FromTruncatedList_AsksForARefillOlderThanTheOldest()
    {
        var list = Filled(60);

        Assert.True(list.Remove("article-30", Start.AddDays(10)));

        Assert.True(list.NeedsRefill);
        Assert.Equal("article-10", list.Oldest!.Slug);
        list.AppendOlder([FeedSamples.Synthetic("article-9", Start.AddHours(9))], exhausted: false);
        Assert.Equal(FeedEntryList.Capacity, list.Entries.Count);
        Assert.Equal("article-9", list.Oldest!.Slug);
        Assert.False(list.NeedsRefill);
        Assert.True(list.Truncated);
    }

    [Fact]
    public void AppendOlder_SourceExhausted_ClearsTruncated()
    {
        var list = Filled(51);
        list.Remove("article-50", Start);

        list.AppendOlder([FeedSamples.Synthetic("article-0", Start)], exhausted: true);

        Assert.False(list.Truncated);
        Assert.Equal(50, list.Entries.Count);
    }

    [Fact]
    public void AppendOlder_IgnoresEntriesNotOlderThanTheOldest()
    {
        var list = Filled(3);

        list.AppendOlder([FeedSamples.Synthetic("article-1", Start.AddHours(1)), FeedSamples.Synthetic("new", Start.AddYears(1))], exhausted: true);

        Assert.Equal(["article-2", "article-1", "article-0"], list.Entries.Select(e => e.Slug));
    }

    [Fact]
    public void Remove_UnknownSlug_ChangesNothing()
    {
        var list = Filled(3);

        Assert.False(list.Remove("missing", Start.AddDays(1)));
        Assert.Equal(Start, list.ChangedAt);
    }

    [Fact]
    public void Json_RoundTrip_KeepsEntriesFlagsAndTime()
    {
        var list = Filled(55);
        list.Remove("article-54", Start.AddDays(2));

        var copy = FeedEntryList<FeedEntry>.FromJson(list.ToJson());

        Assert.Equal(list.Entries, copy.Entries);
        Assert.Equal(list.Truncated, copy.Truncated);
        Assert.Equal(list.ChangedAt, copy.ChangedAt);
        Assert.True(copy.NeedsRefill);
    }

    [Fact]
    public void Json_ArticleFeed_KeepsWhereEachArticleSortsAndWhichVersionItShows()
    {
        var list = new FeedEntryList<FeedArticle>();
        list.Upsert(new FeedArticle("b", Start.AddHours(2), "hash-b"), Start);
        list.Upsert(new FeedArticle("a", Start.AddHours(1).ToOffset(TimeSpan.FromHours(1)), "hash-a"), Start);

        var copy = FeedEntryList<FeedArticle>.FromJson(list.ToJson());

        Assert.Equal([new FeedArticle("b", Start.AddHours(2), "hash-b"), new FeedArticle("a", Start.AddHours(1), "hash-a")], copy.Entries);
        Assert.Equal(TimeSpan.FromHours(1), copy.Entries[1].Published.Offset);
        Assert.Equal(Start, copy.ChangedAt);
    }

    [Fact]
    public void With_EntriesMadeFromThisListsEntries_KeepsTheirOrderTruncatedAndChangedAt()
    {
        var articles = new FeedEntryList<FeedArticle>();
        for (var i = 0; i < 51; i++)
        {
            articles.Upsert(new FeedArticle($"article-{i}", Start.AddHours(i), $"hash-{i}"), Start.AddDays(i));
        }

        var entries = articles.With(articles.Entries.Select(a => FeedSamples.Synthetic(a.Slug, a.Published)));

        Assert.Equal(articles.Entries.Select(a => a.Slug), entries.Entries.Select(e => e.Slug));
        Assert.Equal((true, Start.AddDays(50)), (entries.Truncated, entries.ChangedAt));
    }

    private static FeedEntryList<FeedEntry> Filled(int count)
    {
        var list = new FeedEntryList<FeedEntry>();
        for (var i = 0; i < count; i++)
        {
            list.Upsert(FeedSamples.Synthetic($"article-{i}", Start.AddHours(i), "nato"), Start);
        }
        return list;
    }
}
