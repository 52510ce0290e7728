using BudapestPost.Core.Articles;

namespace BudapestPost.Core.Tests.Articles;

public sealed class ArticleRendererTests
{
    [Theory]
    [InlineData("Hello <script>alert(1)</script> world", "<script", "Hello")]
    [InlineData("<script>\nalert(1)\n</script>\n\nAfter the block.", "alert", "After the block.")]
    [InlineData("Photo <img src=\"https://example.com/x.png\" onerror=\"alert(1)\"> caption", "onerror", "caption")]
    [InlineData("[click me](javascript:alert(1))", "javascript:", "click me")]
    [InlineData("<a href=\"JaVaScRiPt:alert(1)\">click me</a>", "alert", "click me")]
    [InlineData("<a href=\"&#106;avascript:alert(1)\">click me</a>", "alert", "click me")]
    [InlineData("<a href=\"https://example.com\" onclick=\"alert(1)\">a link</a>", "onclick", "a link")]
    [InlineData("<svg onload=\"alert(1)\"><circle r=\"5\"/></svg> after the picture", "svg", "after the picture")]
    [InlineData("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math> plain words", "javascript:", "plain words")]
    [InlineData("![chart](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "data:", "<img")]
    [InlineData("<a href=\"data:text/html,<script>alert(1)</script>\">open</a>", "data:", "open")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe> next to the frame", "iframe", "next to the frame")]
    [InlineData("<object data=\"https://evil.example/x.swf\"></object> next to the object", "evil.example", "next to the object")]
    [InlineData("<p style=\"width: expression(alert(1))\">styled</p>", "expression", "styled")]
    [InlineData("<p style=\"background-image: url(https://evil.example/x.png)\">background</p>", "url(", "background")]
    [InlineData("<style>body { background: url(https://evil.example/x) }</style> after the style", "<style", "after the style")]
    [InlineData("<form action=\"https://evil.example\"><input name=\"password\"></form> after the form", "<input", "after the form")]
    [InlineData("<div onmouseover=\"alert(1)\">hover text</div>", "onmouseover", "hover text")]
    [InlineData("<a href=\"https://example.com\" target=\"_blank\">out</a>", "target", "out")]
    public void Render_XssVector_RemovesTheDangerousPartAndKeepsTheText(string markdown, string dangerous, string kept)
    {
        var rendered = ArticleRenderer.Render(markdown);

        Assert.DoesNotContain(dangerous, rendered.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(kept, rendered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(1)", rendered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SafeLinksAndImages_KeepsThem()
    {
        var rendered = ArticleRenderer.Render("[AFP](https://www.afp.com/) and [home](/articles/x)\n\n![map](https://example.com/map.png \"Map\")");

        Assert.Contains("<a href=\"https://www.afp.com/\">AFP</a>", rendered.Html);
        Assert.Contains("<a href=\"/articles/x\">home</a>", rendered.Html);
        Assert.Contains("<img src=\"https://example.com/map.png\" alt=\"map\" title=\"Map\">", rendered.Html);
    }

    [Fact]
    public void Render_SubheadingsOfTheSeed_GetStableIds()
    {
        var rendered = ArticleRenderer.Render("Intro.\n\n## Sovereignty vs security\n\nText.\n\n## Years of courting\n\nMore.");

        Assert.Contains("<h2 id=\"sovereignty-vs-security\">Sovereignty vs security</h2>", rendered.Html);
        Assert.Contains("<h2 id=\"years-of-courting\">Years of courting</h2>", rendered.Html);
    }

    [Fact]
    public void Render_AccentsAndPunctuationInHeading_GetAsciiId()
    {
        var rendered = ArticleRenderer.Render("## Orbán in Győr: what's next?");

        Assert.Contains("id=\"orban-in-gyor-whats-next\"", rendered.Html);
    }

    [Fact]
    public void Render_RepeatedHeading_GetsNumberedIds()
    {
        var rendered = ArticleRenderer.Render("## Reaction\n\nOne.\n\n## Reaction\n\nTwo.");

        Assert.Contains("<h2 id=\"reaction\">", rendered.Html);
        Assert.Contains("<h2 id=\"reaction-1\">", rendered.Html);
    }

    [Fact]
    public void Render_Body_GivesPlainTextWithParagraphs()
    {
        var rendered = ArticleRenderer.Render("First *paragraph*\nwith a [link](https://example.com).\n\n## Heading\n\n- one\n- two\n\nLast &amp; final.");

        Assert.Equal("First paragraph with a link.\n\nHeading\n\none\ntwo\n\nLast & final.", rendered.Text);
    }

    [Fact]
    public void Render_RemovedElementBetweenWords_LeavesOneSpaceInText()
    {
        var rendered = ArticleRenderer.Render("Hello <script>alert(1)</script> world, <em> again</em>");

        Assert.Equal("Hello world, again", rendered.Text);
    }

    [Fact]
    public void Render_HtmlBlocksAndTables_GiveTrimmedLinesOfText()
    {
        var rendered = ArticleRenderer.Render("<div>Boxed text</div>\n\n| a | b |\n|---|---|\n| 1 | 2 |");

        Assert.Equal("Boxed text\n\na b\n1 2", rendered.Text);
        Assert.Contains("<td>1</td>", rendered.Html);
    }

    [Fact]
    public void Render_TableAlignment_KeepsOnlyTextAlignStyles()
    {
        var rendered = ArticleRenderer.Render("| a |\n|--:|\n| 1 |\n\n<p style=\"text-align: right; color: red\">x</p>");

        Assert.Contains("<td style=\"text-align: right\">1</td>", rendered.Html);
        Assert.Contains("<p style=\"text-align: right\">x</p>", rendered.Html);
        Assert.DoesNotContain("color", rendered.Html);
    }

    [Fact]
    public void Render_SameBodyFromManyThreads_GivesTheSameResult()
    {
        const string markdown = "Intro.\n\n## Sovereignty vs security\n\n<b onclick=\"x()\">bold</b> text.";
        var expected = ArticleRenderer.Render(markdown);

        var results = new RenderedArticle[200];
        Parallel.For(0, results.Length, i => results[i] = ArticleRenderer.Render(markdown));

        Assert.All(results, result => Assert.Equal(expected, result));
    }
}
