using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Related;

public sealed class RelatedIndexTests
{
    private static readonly DateTimeOffset Day = new(2025, 2, 14, 9, 0, 0, TimeSpan.Zero);

    private readonly RelatedIndex _index = new(new RelatedOptions { RelatedCount = 3 });

    [Fact]
    public void Upsert_NewBestMatch_ReportsOlderArticlesWhoseListChanged()
    {
        _index.Upsert(Story("shein-inquiry", "Shein faces EU inquiry over product safety"));
        _index.Upsert(Story("nato-budget", "NATO allies debate defence budget"));

        var changes = _index.Upsert(Story("shein-fine", "EU fines Shein after product safety inquiry"));

        Assert.Equal(["shein-fine", "shein-inquiry"], changes.RelatedLists);
        Assert.Equal("shein-fine", _index.Related("shein-inquiry")![0].Slug);
    }

    [Fact]
    public void Related_Always_ExcludesTheArticleItself()
    {
        _index.Upsert(Story("a", "Danube flood warning for Budapest"));
        _index.Upsert(Story("b", "Danube flood warning for Budapest"));

        Assert.Equal(["b"], _index.Related("a")!.Select(item => item.Slug));
    }

    [Fact]
    public void Related_EqualScores_OrderedByPublishedDescThenSlug()
    {
        var options = new RelatedOptions { RelatedCount = 3, RecencyWeight = 0 };
        var index = RelatedIndex.Build(
            [Story("subject", "Danube flood warning", Day), Story("older", "Danube flood warning", Day.AddDays(-1)),
             Story("newer-b", "Danube flood warning", Day.AddDays(1)), Story("newer-a", "Danube flood warning", Day.AddDays(1))],
            options);

        Assert.Equal(["newer-a", "newer-b", "older"], index.Related("subject")!.Select(item => item.Slug));
    }

    [Fact]
    public void Related_CloserInTime_RanksHigherForEqualText()
    {
        _index.Upsert(Story("subject", "Danube flood warning", Day));
        _index.Upsert(Story("week-later", "Danube flood warning", Day.AddDays(7)));
        _index.Upsert(Story("year-later", "Danube flood warning", Day.AddDays(365)));

        var list = _index.Related("subject")!;

        Assert.Equal(["week-later", "year-later"], list.Select(item => item.Slug));
        Assert.True(list[0].Score > list[1].Score);
    }

    [Fact]
    public void Related_SharedTags_RaiseTheScore()
    {
        _index.Upsert(Story("subject", "Parliament votes on the budget", tags: ["hungary"]));
        _index.Upsert(Story("tagged", "Parliament votes on the budget", tags: ["hungary"]));
        _index.Upsert(Story("untagged", "Parliament votes on the budget"));

        Assert.Equal("tagged", _index.Related("subject")![0].Slug);
    }

    [Theory]
    [InlineData(ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Retracted)]
    public void Upsert_NotPublished_RemovesArticleFromEveryList(ArticleStatus status)
    {
        _index.Upsert(Story("a", "Budapest metro line four extended"));
        _index.Upsert(Story("b", "Budapest metro line four opens"));
        _index.Upsert(Story("c", "Budapest metro line four delayed"));

        var changes = _index.Upsert(new ArticleBuilder().WithSlug("c").WithTitle("Budapest metro line four delayed").WithStatus(status).Build());

        Assert.Equal(["c"], changes.RemovedLists);
        Assert.Equal(["a", "b"], changes.RelatedLists);
        Assert.Null(_index.Related("c"));
        Assert.DoesNotContain(_index.Slugs.SelectMany(slug => _index.Related(slug)!), item => item.Slug == "c");
    }

    [Fact]
    public void Upsert_DraftNeverPublished_ChangesNothing()
    {
        _index.Upsert(Story("a", "Budapest metro line four extended"));

        var changes = _index.Upsert(new ArticleBuilder().WithSlug("d").WithTitle("Budapest metro line four").WithStatus(ArticleStatus.Draft).Build());

        Assert.True(changes.IsEmpty);
        Assert.Empty(_index.Related("a")!);
    }

    [Fact]
    public void Upsert_SameContentTwice_SecondReportsNoChange()
    {
        var article = Story("a", "Budapest metro line four extended");
        _index.Upsert(Story("b", "Budapest metro line four opens"));
        var first = _index.Upsert(article);

        var second = _index.Upsert(article);

        Assert.False(first.IsEmpty);
        Assert.True(second.IsEmpty);
    }

    [Fact]
    public void Upsert_TitleChangedButSameRanking_ReportsListsShowingIt()
    {
        _index.Upsert(Story("a", "Budapest metro line four extended"));
        _index.Upsert(Story("b", "Budapest metro line four opens"));

        var changes = _index.Upsert(Story("b", "Budapest metro line four opens!"));

        Assert.Contains("a", changes.RelatedLists);
        Assert.Equal("Budapest metro line four opens!", _index.Related("a")![0].Title);
    }

    [Fact]
    public void Remove_ArticleHeldInLists_RefillsThoseListsFromTheNextBest()
    {
        var index = new RelatedIndex(new RelatedOptions { RelatedCount = 1 });
        index.Upsert(Story("a", "Lake Balaton water level record low summer"));
        index.Upsert(Story("b", "Lake Balaton water level record low"));
        index.Upsert(Story("c", "Lake Balaton water level"));

        var changes = index.Remove("b");

        Assert.Equal("c", index.Related("a")![0].Slug);
        Assert.Contains("a", changes.RelatedLists);
    }

    private static Article Story(string slug, string title, DateTimeOffset? published = null, string[]? tags = null) =>
        new ArticleBuilder().WithSlug(slug).WithTitle(title).WithPublished(published ?? Day).WithTags(tags ?? []).Build();
}
