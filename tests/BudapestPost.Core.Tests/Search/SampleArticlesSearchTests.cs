using BudapestPost.Core.Search;
using BudapestPost.Core.Tests.Related;

namespace BudapestPost.Core.Tests.Search;

/// <summary>Relevance on the real sample articles: what a reader would expect at the top.</summary>
public sealed class SampleArticlesSearchTests
{
    private static readonly ArticleSearcher Searcher = SearchIndexes.Searcher(SampleArticles.All);

    [Theory]
    [InlineData("taliban", "'Not An Enemy' Any More: Why Russia Is Courting The Taliban")]
    [InlineData("zebras", "Chinese Zoo Confesses to Dyeing Donkeys to Look Like Zebras")]
    [InlineData("bayrou", "French Prime Minister Bayrou Navigates a Challenging Path Amid Budget Preservation and Immigration Discourse")]
    [InlineData("\"von der leyen\"", "Commission President von der Leyen Missing from Notre Dame Reopening Due to Last-Minute Cancellation")]
    [InlineData("honda nissan merger", "Honda and Nissan End Merger Talks")]
    public void Search_DistinctiveWords_PutTheArticleFirst(string query, string expectedTitle)
    {
        var hits = Searcher.Search(new SearchRequest(query)).Hits;

        Assert.Equal(SampleArticles.SlugOf(expectedTitle), hits[0].Slug);
    }

    [Fact]
    public void Search_AmericanSpelling_FindsBothSpellingsOfDefence()
    {
        var slugs = Searcher.Slugs("defense expenditure");

        Assert.Contains(SampleArticles.SlugOf("Mark Rutte Calls on NATO Allies to Increase Defence Expenditures"), slugs);
        Assert.Contains(SampleArticles.SlugOf("NATO Chief Urges Higher Defense Expenditure in Europe"), slugs);
    }

    [Fact]
    public void Search_Section_KeepsOnlyThatSection()
    {
        var hits = Searcher.Search(new SearchRequest("eu", Section: "tech", Limit: ArticleSearcher.MaxLimit)).Hits;

        Assert.NotEmpty(hits);
        Assert.All(hits, hit => Assert.Equal("tech", SampleArticles.All.Single(a => a.Slug == hit.Slug).Section));
    }

    [Fact]
    public void Search_Exclusion_DropsArticlesWithTheWord()
    {
        var withRussia = Searcher.Slugs("taliban");
        var withoutRussia = Searcher.Slugs("taliban -russia");

        Assert.NotEmpty(withRussia);
        Assert.DoesNotContain(SampleArticles.SlugOf("'Not An Enemy' Any More: Why Russia Is Courting The Taliban"), withoutRussia);
    }
}
