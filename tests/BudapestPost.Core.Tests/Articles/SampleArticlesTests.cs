using BudapestPost.Core.Validation;
using BudapestPost.Core.Articles;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Articles;

public sealed class SampleArticlesTests
{
    private const string SeedSlug = "not-an-enemy-any-more-why-russia-is-courting-the-taliban";

    private static readonly string SamplesPath = Path.Combine(RepositoryRoot.Path, "samples", "articles");

    [Fact]
    public void Samples_EveryFile_IsAValidArticle()
    {
        var results = ParseAll();

        Assert.Equal(51, results.Count);
        Assert.All(results, result => Assert.True(result.Result.IsValid, $"{result.Name}: {string.Join("; ", result.Result.Errors)}"));
    }

    [Fact]
    public void Samples_FileNames_AreTheSlugsOfTheirTitles()
    {
        var articles = ValidArticles();

        Assert.All(articles, article => Assert.Equal(Slug.FromText(article.Title), article.Slug));
    }

    [Fact]
    public void Samples_PublishedDates_AreDistinct()
    {
        var articles = ValidArticles();

        Assert.Equal(articles.Count, articles.Select(article => article.Published).Distinct().Count());
    }

    [Fact]
    public void Samples_Headlines_AreShortArticlesInFebruary2025WithoutTags()
    {
        var headlines = ValidArticles().Where(article => article.Slug != SeedSlug).ToList();

        Assert.Equal(50, headlines.Count);
        Assert.All(headlines, article =>
        {
            Assert.Equal(article.Title, article.Lead);
            Assert.Empty(article.Tags);
            Assert.NotNull(article.Section);
            Assert.Equal(new DateOnly(2025, 2, 1), new DateOnly(article.Published.Year, article.Published.Month, 1));
        });
    }

    [Fact]
    public void Samples_SeedArticle_HasItsSubheadingsAndNoDisclaimer()
    {
        var seed = ValidArticles().Single(article => article.Slug == SeedSlug);

        var rendered = ArticleRenderer.Render(seed.Body);

        Assert.Equal("'Not An Enemy' Any More: Why Russia Is Courting The Taliban", seed.Title);
        Assert.Equal("world", seed.Section);
        Assert.True(seed.AiGenerated);
        Assert.Contains("<h2 id=\"sovereignty-vs-security\">Sovereignty vs security</h2>", rendered.Html);
        Assert.Contains("<h2 id=\"years-of-courting\">Years of courting</h2>", rendered.Html);
        Assert.StartsWith("While many countries are scrambling", rendered.Text);
        Assert.EndsWith("\"Moscow does not see this version of the Mujahideen as its enemy,\" he told AFP.", rendered.Text);
        Assert.DoesNotContain("Disclaimer", seed.Body);
    }

    private static List<(string Name, ParseResult<Article> Result)> ParseAll() =>
        Directory.EnumerateFiles(SamplesPath)
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), ArticleParser.Parse(Path.GetFileName(path), File.ReadAllBytes(path))))
            .ToList();

    private static List<Article> ValidArticles() =>
        ParseAll().Select(result => result.Result.Value).OfType<Article>().ToList();
}
