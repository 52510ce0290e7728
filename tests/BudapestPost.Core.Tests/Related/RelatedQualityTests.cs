using BudapestPost.Core.Related;

namespace BudapestPost.Core.Tests.Related;

/// <summary>Ranking quality on samples/articles: the seed page's related headlines, text only, no tags.</summary>
public sealed class RelatedQualityTests
{
    private static readonly RelatedIndex Index = RelatedIndex.Build(SampleArticles.All, new RelatedOptions());

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

    [Fact]
    public void Related_UsaidHeadlines_FindEachOtherFirst()
    {
        const string one = "USAID Uncovered: American Taxpayer Funds Leveraged to Erode Democracy in Europe Until Trump Put a Stop to It.";
        const string other = "EU Recognizes Its Inability to Close the USAID Funding Shortfall Due to Stalled US Aid";

        Assert.Equal(other, TopTitles(one, 1).Single());
        Assert.Equal(one, TopTitles(other, 1).Single());
    }

    [Fact]
    public void Related_SheinHeadlines_FindEachOtherAtTheTop()
    {
        const string one = "Shein Encountering Further Information Request from the EU During Ongoing Investigation";
        const string other = "European Commission Initiates Investigation into Shein as It Aims at Chinese E-Commerce Regulations";

        Assert.Equal(other, TopTitles(one, 1).Single());
        // Text alone ties it with "Steering Through the Updated Hierarchy at the European Commission"
        // (both share two rare terms); that headline was published three weeks closer in time.
        Assert.Contains(one, TopTitles(other, 2));
    }

    [Fact]
    public void Related_EveryHeadline_ListHasNoSelfAndAtMostK()
    {
        Assert.All(SampleArticles.All, article =>
        {
            var list = Index.Related(article.Slug)!;
            Assert.InRange(list.Count, 0, Index.Options.RelatedCount);
            Assert.DoesNotContain(list, item => item.Slug == article.Slug);
        });
    }

    private static string[] TopTitles(string title, int count) =>
        Index.Related(SampleArticles.SlugOf(title))!.Take(count).Select(item => item.Title).ToArray();
}
