using System.Text;
using BudapestPost.Site;
using BudapestPost.Site.Models;
using BudapestPost.Site.Shared;

namespace BudapestPost.Functions.Tests.Pages;

/// <summary>The templates on their own: what the renderer writes, and the parts a page shows or leaves out.</summary>
public sealed class TemplateTests
{
    private static readonly SiteFrame Frame = new("Budapest Post", "News.", "en", "https://budapestpost.test",
        [new Link("Europe", "/sections/europe")], [new FeedLink("Budapest Post (RSS)", "application/rss+xml", "https://budapestpost.test/api/feeds/rss.xml", "RSS")],
        SiteAssets.Paths);

    [Fact]
    public async Task Renderer_WritesHtmlVoidElements_AndLettersAsLetters()
    {
        await using var renderer = new PageRenderer();

        var html = Encoding.UTF8.GetString(await renderer.RenderAsync<BudapestPost.Site.Pages.ArticlePage>(Article(audio: null)));

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("<meta name=\"description\" content=\"Orbán &lt;b&gt;spoke&lt;/b&gt;.\">", html);
        Assert.DoesNotContain(" />", html);
        Assert.Contains("<h1>Orbán in Brussels</h1>", html);
    }

    [Fact]
    public async Task AudioSlot_IsEmptyWithoutANarration_AndAPlayerWithOne()
    {
        await using var renderer = new PageRenderer();

        var without = Encoding.UTF8.GetString(await renderer.RenderAsync<BudapestPost.Site.Pages.ArticlePage>(Article(audio: null)));
        var with = Encoding.UTF8.GetString(await renderer.RenderAsync<BudapestPost.Site.Pages.ArticlePage>(
            Article(new AudioModel("/audio/orban.mp3", "audio/mpeg", TimeSpan.FromSeconds(233.1)))));

        Assert.DoesNotContain("<audio", without);
        Assert.Contains("<audio controls preload=\"none\"><source src=\"/audio/orban.mp3\" type=\"audio/mpeg\"></audio>", with);
        Assert.Contains("<time datetime=\"PT3M53S\">3 min 53 s</time>", with);
    }

    [Theory]
    [InlineData("Short headline", "Short headline – Budapest Post")]
    [InlineData("A headline exactly long enough that the site's name would not fit after it", "A headline exactly long enough that the site's name would not fit…")]
    [InlineData("Budapest Post", "Budapest Post")]
    public void PageTitle_KeepsTheSiteNameWhenItFits_AndCutsAtAWordWithin70Characters(string title, string expected)
    {
        var written = PageTitle.For(title, "Budapest Post");

        Assert.Equal(expected, written);
        Assert.True(written.Length <= PageTitle.MaxLength);
    }

    private static ArticlePageModel Article(AudioModel? audio) => new(
        Frame,
        new PageHead("Orbán in Brussels", "Orbán <b>spoke</b>.", "https://budapestpost.test/articles/orban",
            Article: new ArticleMeta(DateTimeOffset.Parse("2025-02-14T09:30:00+01:00"), DateTimeOffset.Parse("2025-02-14T09:30:00+01:00"), "europe", ["eu"], "Budapest Post")),
        new ArticleModel("orban", "Orbán in Brussels", "Orbán <b>spoke</b>.", DateTimeOffset.Parse("2025-02-14T09:30:00+01:00"), null,
            new Link("Europe", "/sections/europe"), [new Link("eu", "/tags/eu")], true, "<p>Body.</p>", [], audio),
        new ReportFormModel("/articles/orban/report", FormState.Empty),
        new NewsletterFormModel("/newsletter", [new Choice("europe", "Europe")], FormState.Empty),
        [new Link("Another", "/articles/another")]);
}
