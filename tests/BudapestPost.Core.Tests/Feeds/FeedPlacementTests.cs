using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Feeds;

public sealed class FeedPlacementTests
{
    [Fact]
    public void Of_PublishedArticle_IsInTheSiteItsTagsAndItsSectionAndItsDay()
    {
        var article = new ArticleBuilder().WithTags("nato", "defence").Build() with { Section = "europe" };

        var placement = FeedPlacement.Of(article);

        Assert.Equal(["feeds/", "feeds/tags/nato/", "feeds/tags/defence/", "feeds/sections/europe/"], placement.Scopes.Select(s => s.Path));
        Assert.Equal("2025-02-14", placement.Day);
    }

    [Theory]
    [InlineData(ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Retracted)]
    public void Of_DraftOrRetracted_IsNowhere(ArticleStatus status)
    {
        var placement = FeedPlacement.Of(new ArticleBuilder().WithTags("nato").WithStatus(status).Build());

        Assert.Equal(FeedPlacement.Nowhere, placement);
    }

    [Fact]
    public void ScopesToTouch_RetaggedArticle_TouchesOldAndNewFeedsOnce()
    {
        var before = FeedPlacement.Of(new ArticleBuilder().WithTags("nato", "defence").Build());
        var after = FeedPlacement.Of(new ArticleBuilder().WithTags("defence", "eu").Build());

        Assert.Equal(["feeds/", "feeds/tags/nato/", "feeds/tags/defence/", "feeds/tags/eu/"], after.ScopesToTouch(before).Select(s => s.Path));
    }

    [Fact]
    public void DaysToTouch_RetractedArticle_TouchesTheDayItWasIn()
    {
        var before = FeedPlacement.Of(new ArticleBuilder().Build());

        Assert.Equal(["2025-02-14"], FeedPlacement.Nowhere.DaysToTouch(before));
        Assert.Equal(["feeds/"], FeedPlacement.Nowhere.ScopesToTouch(before).Select(s => s.Path));
    }

    [Fact]
    public void DaysToTouch_RedatedArticle_TouchesBothDays()
    {
        var before = FeedPlacement.Of(new ArticleBuilder().Build());
        var after = FeedPlacement.Of(new ArticleBuilder().WithPublished(new DateTimeOffset(2025, 3, 2, 0, 0, 0, TimeSpan.Zero)).Build());

        Assert.Equal(["2025-02-14", "2025-03-02"], after.DaysToTouch(before));
    }
}
