using BudapestPost.Core.Articles;
using BudapestPost.Core.Search;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Search;

/// <summary>Known answers on a small corpus written for each behaviour.</summary>
public sealed class ArticleSearcherTests
{
    private static readonly DateTimeOffset Day = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Article[] Corpus =
    [
        Article("orban-budapest", "Orbán Addresses Parliament in Budapest", "Viktor Orbán spoke about the budget.", "The prime minister defended his government's record.", 0, section: "europe", tags: ["hungary"]),
        Article("nato-defence", "NATO Allies Debate Defence Spending", "Ministers met in Brussels.", "The allies agreed that defence outlays must rise to five percent.", 1, section: "world", tags: ["nato", "defence"]),
        Article("zoo-donkeys", "Zoo Paints Donkeys to Look Like Zebras", "Visitors were not fooled.", "Keepers painted black and white stripes on two donkeys.", 2, section: "world", tags: ["animals"]),
        Article("budget-talks", "Budget Talks Stall in Berlin", "Coalition partners disagree.", "The minister walked out of the talks on the budget. Spending cuts were not agreed.", 3, section: "europe", tags: ["germany"]),
        Article("running-race", "Thousands Ran the Budapest Marathon", "Runners crossed the Chain Bridge.", "Running through the city, the runners passed the parliament.", 4, section: "culture", tags: ["hungary", "sport"]),
        Article("markup-body", "Scripts in a <Body>", "Lead with <b>tags</b> & ampersands.", "A paragraph that mentions <script>alert(1)</script> and zebras & donkeys.", 5, section: "tech", tags: ["animals"]),
    ];

    private readonly ArticleSearcher _searcher = SearchIndexes.Searcher(Corpus);

    [Theory]
    [InlineData("orban", "orban-budapest")]
    [InlineData("Orbán", "orban-budapest")]
    [InlineData("ORBAN", "orban-budapest")]
    public void Search_AccentsAndCaseFolded_FindsTheArticle(string query, string expected) =>
        Assert.Equal([expected], _searcher.Slugs(query));

    [Fact]
    public void Search_AmericanSpelling_FindsBritishSpelling() =>
        Assert.Equal(["nato-defence"], _searcher.Slugs("defense spending"));

    [Fact]
    public void Search_InflectedForm_FindsStem()
    {
        var slugs = _searcher.Slugs("runs");

        Assert.Equal(["running-race"], slugs);
    }

    [Fact]
    public void Search_AllWordsRequired()
    {
        Assert.Equal(["budget-talks"], _searcher.Slugs("budget berlin"));
    }

    [Fact]
    public void Search_QuotedPhrase_MatchesOnlyTheWordsInOrder()
    {
        Assert.Equal(["zoo-donkeys"], _searcher.Slugs("\"painted black and white stripes\""));
        Assert.Empty(_searcher.Slugs("\"stripes white black\""));
    }

    [Fact]
    public void Search_Exclusion_RemovesMatches()
    {
        Assert.Equal(["zoo-donkeys", "markup-body"], _searcher.Slugs("donkeys").Order().Reverse().ToList());
        Assert.Equal(["zoo-donkeys"], _searcher.Slugs("donkeys -script"));
    }

    [Fact]
    public void Search_Prefix_IsFoldedAndMatchesWordStarts()
    {
        Assert.Equal(["orban-budapest"], _searcher.Slugs("Orb*"));
        Assert.Equal(["orban-budapest", "running-race"], _searcher.Slugs("budap*").Order().ToList());
    }

    [Fact]
    public void Search_TitleMatch_RanksAboveBodyMatch()
    {
        // "budget" is in the title of budget-talks and only in the lead of orban-budapest.
        Assert.Equal(["budget-talks", "orban-budapest"], _searcher.Slugs("budget"));
    }

    [Fact]
    public void Search_TagFilter_KeepsOnlyTagged()
    {
        var results = _searcher.Search(new SearchRequest("budapest", Tag: "sport"));

        Assert.Equal(["running-race"], results.Hits.Select(hit => hit.Slug));
        Assert.Equal(1, results.Total);
    }

    [Fact]
    public void Search_SectionFilter_KeepsOnlyThatSection() =>
        Assert.Equal(["zoo-donkeys"], _searcher.Search(new SearchRequest("donkeys", Section: "world")).Hits.Select(hit => hit.Slug));

    [Fact]
    public void Search_DateRange_IsInclusive()
    {
        var results = _searcher.Search(new SearchRequest("budget | budapest | donkeys", From: Day.AddDays(1), To: Day.AddDays(3), Sort: SearchSort.Newest));

        Assert.Equal(["budget-talks", "zoo-donkeys"], results.Hits.Select(hit => hit.Slug));
    }

    [Fact]
    public void Search_Newest_SortsByPublishedDescending()
    {
        var results = _searcher.Search(new SearchRequest("budapest | budget", Sort: SearchSort.Newest));

        Assert.Equal(["running-race", "budget-talks", "orban-budapest"], results.Hits.Select(hit => hit.Slug));
    }

    [Theory]
    [InlineData(SearchSort.Relevance)]
    [InlineData(SearchSort.Newest)]
    public void Search_PagesOfOne_VisitEveryHitOnce(SearchSort sort)
    {
        var query = "budapest | budget | donkeys | zebras | defence";
        var all = _searcher.Search(new SearchRequest(query, Sort: sort, Limit: 50)).Hits.Select(hit => hit.Slug).ToList();
        var paged = new List<string>();
        SearchCursor? cursor = null;
        do
        {
            var page = _searcher.Search(new SearchRequest(query, Sort: sort, Limit: 1, After: cursor));
            Assert.Equal(all.Count, page.Total);
            paged.AddRange(page.Hits.Select(hit => hit.Slug));
            cursor = page.Next is { } next && SearchCursor.TryParse(next.ToString(), out var parsed) ? parsed : null;
        }
        while (cursor is not null && paged.Count <= all.Count);

        Assert.Equal(all, paged);
        Assert.Equal(6, all.Count);
    }

    [Fact]
    public void Search_Highlights_EscapeTextAndMarkMatches()
    {
        var hit = _searcher.Search(new SearchRequest("zebras")).Hits.Single(h => h.Slug == "markup-body");

        Assert.Equal("Scripts in a &lt;Body&gt;", hit.TitleHighlight);
        Assert.Contains("<mark>zebras</mark>", hit.TextHighlight);
        Assert.DoesNotContain("<script", hit.TextHighlight);
        Assert.Equal(hit.TextHighlight.Replace("<mark>", "").Replace("</mark>", ""),
            hit.TextHighlight.Replace("<mark>", "").Replace("</mark>", "").Replace("<", "").Replace(">", ""));
    }

    [Fact]
    public void Search_Highlights_MarkAccentedTitleWords()
    {
        var hit = _searcher.Search(new SearchRequest("orban")).Hits.Single();

        Assert.Equal("<mark>Orbán</mark> Addresses Parliament in Budapest", hit.TitleHighlight);
    }

    [Theory]
    [InlineData("the")]
    [InlineData("\"\"")]
    [InlineData("nothingmatchesthis")]
    public void Search_NothingToMatch_ReturnsNoHits(string query) =>
        Assert.Empty(_searcher.Search(new SearchRequest(query)).Hits);

    [Fact]
    public void Search_OnlyAnExclusion_FindsEverythingElse()
    {
        var slugs = _searcher.Slugs("-donkeys");

        Assert.Equal(Corpus.Length - 2, slugs.Count);
        Assert.DoesNotContain("zoo-donkeys", slugs);
    }

    [Fact]
    public void Suggest_Prefix_CompletesTitlesNewestFirst()
    {
        Assert.Equal(["Thousands Ran the Budapest Marathon", "Orbán Addresses Parliament in Budapest"],
            _searcher.Suggest("Buda").Select(s => s.Title));
        Assert.Equal(["NATO Allies Debate Defence Spending"], _searcher.Suggest("nato allies de").Select(s => s.Title));
        Assert.Empty(_searcher.Suggest("nato de "));
    }

    private static Article Article(string slug, string title, string lead, string body, int day, string section, string[] tags) =>
        new ArticleBuilder().WithSlug(slug).WithTitle(title).WithLead(lead).WithBody(body)
            .WithPublished(Day.AddDays(day)).WithTags(tags).Build() with { Section = section };
}
