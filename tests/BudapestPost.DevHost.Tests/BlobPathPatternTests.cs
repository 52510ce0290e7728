using BudapestPost.DevHost.Worker;

namespace BudapestPost.DevHost.Tests;

public sealed class BlobPathPatternTests
{
    [Theory]
    [InlineData("articles/{name}", "budapest-metro.md", "name", "budapest-metro.md")]
    [InlineData("articles/{name}", "2026/11/budapest-metro.md", "name", "2026/11/budapest-metro.md")]
    [InlineData("articles/{slug}.md", "budapest-metro.md", "slug", "budapest-metro")]
    [InlineData("images/{category}/{id}.png", "news/42.png", "category", "news")]
    public void Match_MatchingBlob_YieldsTokenValue(string path, string blobName, string token, string expected)
    {
        var values = BlobPathPattern.Parse(path).Match(blobName);

        Assert.NotNull(values);
        Assert.Equal(expected, values[token]);
    }

    [Theory]
    [InlineData("articles/{slug}.md", "budapest-metro.txt")]
    [InlineData("images/{category}/{id}.png", "news.png")]
    public void Match_OtherBlob_ReturnsNull(string path, string blobName)
    {
        Assert.Null(BlobPathPattern.Parse(path).Match(blobName));
    }

    [Fact]
    public void Parse_Path_TakesContainerFromFirstSegment()
    {
        Assert.Equal("articles", BlobPathPattern.Parse("articles/{name}").Container);
    }

    [Fact]
    public void Parse_TokenInContainer_Throws()
    {
        Assert.Throws<FormatException>(() => BlobPathPattern.Parse("{container}/{name}"));
    }
}
