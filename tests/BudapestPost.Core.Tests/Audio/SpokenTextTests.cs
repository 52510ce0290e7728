using BudapestPost.Core.Audio;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Audio;

public sealed class SpokenTextTests
{
    [Fact]
    public void Of_TitleLeadAndBody_ReadsThemInOrderAsParagraphs()
    {
        var spoken = SpokenText.Of("Rutte Urges Spending", "Allies should spend more.", "First paragraph.\n\n## What comes next\n\nSecond paragraph.");

        Assert.Equal("Rutte Urges Spending.\n\nAllies should spend more.\n\nFirst paragraph.\n\nWhat comes next.\n\nSecond paragraph.", spoken.Text);
    }

    [Fact]
    public void Of_Markup_ReadsTheWordsOnly()
    {
        var spoken = SpokenText.Of("T", "L", "Some *emphasis*, **strong** and [a link](https://example.com/a/b?c=d) here.");

        Assert.EndsWith("Some emphasis, strong and a link here.", spoken.Text);
    }

    [Theory]
    [InlineData("See https://www.example.com/path/to/page?x=1 for more.", "See example.com for more.")]
    [InlineData("See <https://data.europa.eu/euodp/en/data> now.", "See data.europa.eu now.")]
    [InlineData("Write to <press@example.com> today.", "Write to press@example.com today.")]
    [InlineData("Visit www.example.org today.", "Visit example.org today.")]
    public void Of_WebAddresses_AreReadAsTheirHostNames(string body, string expected)
    {
        Assert.EndsWith(expected, SpokenText.Of("T", "L", body).Text);
    }

    [Fact]
    public void Of_CodeBlocksImagesAndRawHtml_AreLeftOut()
    {
        var body = "Before.\n\n```csharp\nvar x = 1;\n```\n\n    indented code\n\n![A chart](chart.png)\n\n<div><script>alert(1)</script></div>\n\nThe `Article 5` clause.";

        var spoken = SpokenText.Of("T", "L", body);

        Assert.Equal("T.\n\nL.\n\nBefore.\n\nThe Article 5 clause.", spoken.Text);
    }

    [Fact]
    public void Of_ListsAndTables_AreReadItemByItemAndRowByRow()
    {
        var body = "- first point\n- second point!\n\n| Country | Share |\n|---|---|\n| Poland | 4.1% |\n";

        var spoken = SpokenText.Of("T", "L", body);

        Assert.Equal("T.\n\nL.\n\nfirst point.\n\nsecond point!\n\nCountry, Share.\n\nPoland, 4.1%", spoken.Text);
    }

    [Fact]
    public void Hash_IsTheSameForTheSameTextAndChangesWithIt()
    {
        var first = SpokenText.Of("Title", "Lead", "Body *text*.");
        var sameWords = SpokenText.Of("Title", "Lead", "Body text.");
        var changed = SpokenText.Of("Title", "Lead", "Body text, changed.");

        Assert.Equal(first.Hash, sameWords.Hash);
        Assert.NotEqual(first.Hash, changed.Hash);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
    }

    [Fact]
    public void Of_Article_IgnoresWhatIsNotSpoken()
    {
        var article = new ArticleBuilder().WithTitle("Same").WithBody("Same body.").Build();
        var corrected = article with { Corrections = [new Core.Articles.Correction(article.Published.AddDays(1), "A note.")], Tags = ["other"] };

        Assert.Equal(SpokenText.Of(article).Hash, SpokenText.Of(corrected).Hash);
    }

    [Fact]
    public void Of_ControlCharacters_BecomeSpaces()
    {
        Assert.EndsWith("a b", SpokenText.Of("T", "L", "a\u0001b").Text);
    }
}
