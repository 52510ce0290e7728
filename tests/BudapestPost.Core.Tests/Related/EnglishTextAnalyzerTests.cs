using BudapestPost.Core.Related;

namespace BudapestPost.Core.Tests.Related;

public sealed class EnglishTextAnalyzerTests
{
    private readonly EnglishTextAnalyzer _analyzer = new();

    [Fact]
    public void Terms_PossessivesCaseAndStopWords_AreNormalized()
    {
        var terms = _analyzer.Terms("NATO's allies are spending more than its rivals");

        Assert.Equal(["nato", "alli", "spend", "rival"], terms);
    }

    [Theory]
    [InlineData("investigation", "investigating")]
    [InlineData("Encountering", "encounters")]
    [InlineData("Trump’s", "Trump")]
    public void Terms_InflectedForms_ShareOneStem(string one, string other)
    {
        Assert.Equal(_analyzer.Terms(one), _analyzer.Terms(other));
    }

    [Fact]
    public void PlainText_MarkdownLinksAndHeadings_KeepsOnlyWords()
    {
        var text = EnglishTextAnalyzer.PlainText("## Summit\n\nRead [the report](https://example.org/nato-report).");

        Assert.DoesNotContain("https", text);
        Assert.Contains("the report", text);
    }

    [Fact]
    public void CountTerms_Weight_AddsWeightPerOccurrence()
    {
        var counts = new Dictionary<string, int>();

        _analyzer.CountTerms("Shein and Shein", 3, counts);

        Assert.Equal(6, counts["shein"]);
    }
}
