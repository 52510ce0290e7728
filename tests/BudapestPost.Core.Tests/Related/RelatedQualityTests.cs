using BudapestPost.Core.Related;

namespace BudapestPost.Core.Tests.Related;

/// <summary>Ranking quality on the seed page's 50 related headlines: titles only, no tags.</summary>
public sealed class RelatedQualityTests
{
    private static readonly RelatedIndex Index = RelatedIndex.Build(SeedHeadlines.Articles(), new RelatedOptions());

    [Fact]
    public void Related_NatoSpendingHeadline_OtherNatoSpendingHeadlinesRankAtTop()
    {
        string[] spending =
        [
            "Mark Rutte Calls on NATO Allies to Increase Defence Expenditures",
            "NATO Allies Split on Trump's Proposal for 5% Defense Spending Increase",
            "Trump's Defense Spending Goal Creates Division Among NATO Partners",
        ];

        var top = TopTitles("NATO Chief Urges Higher Defense Expenditure in Europe", 4);

        Assert.All(spending, title => Assert.Contains(title, top));
    }

    [Theory]
    [InlineData(
        "Shein Encountering Further Information Request from the EU During Ongoing Investigation",
        "European Commission Initiates Investigation into Shein as It Aims at Chinese E-Commerce Regulations")]
    [InlineData(
        "USAID Uncovered: American Taxpayer Funds Leveraged to Erode Democracy in Europe Until Trump Put a Stop to It.",
        "EU Recognizes Its Inability to Close the USAID Funding Shortfall Due to Stalled US Aid")]
    public void Related_SameStoryPair_FindEachOtherFirst(string one, string other)
    {
        Assert.Equal(other, TopTitles(one, 1).Single());
        Assert.Equal(one, TopTitles(other, 1).Single());
    }

    [Fact]
    public void Related_EveryHeadline_ListHasNoSelfAndAtMostK()
    {
        Assert.All(SeedHeadlines.Titles, title =>
        {
            var list = Index.Related(SeedHeadlines.Slug(title))!;
            Assert.InRange(list.Count, 0, Index.Options.RelatedCount);
            Assert.DoesNotContain(list, item => item.Slug == SeedHeadlines.Slug(title));
        });
    }

    private static string[] TopTitles(string title, int count) =>
        Index.Related(SeedHeadlines.Slug(title))!.Take(count).Select(item => item.Title).ToArray();
}
