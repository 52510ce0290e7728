using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Related;

/// <summary>Incrementally kept lists equal a full rebuild over the same articles and statistics snapshot.</summary>
public sealed class RelatedIndexEquivalenceTests
{
    private static readonly RelatedOptions Options = new() { RelatedCount = 5, MaxKeyDocumentFrequency = 40 };

    [Fact]
    public void Upsert_RandomPublishesUpdatesAndRetractions_EqualsRebuildWithSameStatistics()
    {
        var corpus = new SyntheticArticles(300, bodyWords: 60);
        var index = RelatedIndex.Build(corpus.Articles().Take(150), Options);
        var live = corpus.Articles().Take(150).ToDictionary(article => article.Slug);
        var random = new Random(42);

        for (var step = 0; step < 300; step++)
        {
            var article = corpus.Article(random.Next(300));
            var roll = random.Next(10);
            if (roll < 2)
            {
                article = article with { Status = ArticleStatus.Retracted };
            }
            else if (roll < 4)
            {
                article = article with { Title = corpus.Article(random.Next(300)).Title };
            }
            index.Upsert(article);
            if (article.Status == ArticleStatus.Published)
            {
                live[article.Slug] = article;
            }
            else
            {
                live.Remove(article.Slug);
            }
        }

        var rebuilt = RelatedIndex.Build(live.Values, Options, index.Statistics);
        AssertSameLists(rebuilt, index);
    }

    [Fact]
    public void Upsert_ConcurrentOrderOfPublishes_EqualsSequentialRebuild()
    {
        var articles = new SyntheticArticles(100, bodyWords: 60).Articles().ToArray();
        var shuffled = articles.OrderBy(article => article.Slug.GetHashCode()).ToArray();
        var index = new RelatedIndex(Options);

        foreach (var article in shuffled)
        {
            index.Upsert(article);
        }

        AssertSameLists(RelatedIndex.Build(articles, Options, index.Statistics), index);
    }

    [Fact]
    public void RefreshStatistics_AfterGrowth_EqualsFreshBuild()
    {
        var articles = new SyntheticArticles(120, bodyWords: 60).Articles().ToArray();
        var index = RelatedIndex.Build(articles.Take(80), new RelatedOptions { StatisticsRefreshGrowth = 0 });
        foreach (var article in articles.Skip(80))
        {
            index.Upsert(article);
        }

        var changes = index.RefreshStatistics();

        Assert.NotEmpty(changes.RelatedLists);
        AssertSameLists(RelatedIndex.Build(articles, new RelatedOptions()), index);
    }

    [Fact]
    public void Upsert_CorpusDoubles_RefreshesStatisticsAutomatically()
    {
        var articles = new SyntheticArticles(50, bodyWords: 40).Articles().ToArray();
        var index = RelatedIndex.Build(articles.Take(20), new RelatedOptions());

        foreach (var article in articles.Skip(20))
        {
            index.Upsert(article);
        }

        Assert.Equal(41, index.Statistics.DocumentCount);
    }

    [Fact]
    public void Build_InputOrder_DoesNotChangeLists()
    {
        var articles = new SyntheticArticles(80, bodyWords: 40).Articles().ToArray();

        AssertSameLists(RelatedIndex.Build(articles, Options), RelatedIndex.Build(articles.Reverse(), Options));
    }

    internal static void AssertSameLists(RelatedIndex expected, RelatedIndex actual)
    {
        Assert.Equal(expected.Slugs, actual.Slugs);
        Assert.All(expected.Slugs, slug => Assert.Equal(expected.Related(slug), actual.Related(slug)));
    }
}
