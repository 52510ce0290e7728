using BudapestPost.Core.Articles;
using BudapestPost.Core.Search;
using BudapestPost.Testing;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace BudapestPost.Core.Tests.Search;

public sealed class SearchIndexEditorTests
{
    private readonly RAMDirectory _directory = new();

    [Fact]
    public void Apply_NewArticle_CommitsItsDocument()
    {
        Assert.True(SearchIndexEditor.Apply(_directory, "first", Article("first", "Lanterns")));

        Assert.Equal(["first"], SearchIndexes.Searcher(_directory).Slugs("lanterns"));
    }

    [Fact]
    public void Apply_SameContentAgain_WritesNoCommit()
    {
        SearchIndexEditor.Apply(_directory, "first", Article("first", "Lanterns"));
        var generation = SegmentInfos.GetLastCommitGeneration(_directory);

        Assert.False(SearchIndexEditor.Apply(_directory, "first", Article("first", "Lanterns")));

        Assert.Equal(generation, SegmentInfos.GetLastCommitGeneration(_directory));
    }

    [Fact]
    public void Apply_NewContent_ReplacesTheDocument()
    {
        SearchIndexEditor.Apply(_directory, "first", Article("first", "Lanterns"));

        SearchIndexEditor.Apply(_directory, "first", Article("first", "Candles"));

        var searcher = SearchIndexes.Searcher(_directory);
        Assert.Empty(searcher.Slugs("lanterns"));
        Assert.Equal(["first"], searcher.Slugs("candles"));
    }

    [Theory]
    [InlineData(ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Retracted)]
    public void Apply_NotPublished_RemovesTheDocument(ArticleStatus status)
    {
        SearchIndexEditor.Apply(_directory, "first", Article("first", "Lanterns"));
        SearchIndexEditor.Apply(_directory, "second", Article("second", "Lanterns"));

        Assert.True(SearchIndexEditor.Apply(_directory, "first", Article("first", "Lanterns") with { Status = status }));

        Assert.Equal(["second"], SearchIndexes.Searcher(_directory).Slugs("lanterns"));
    }

    [Fact]
    public void Apply_GoneAndNeverIndexed_WritesNothing()
    {
        Assert.False(SearchIndexEditor.Apply(_directory, "never", null));

        Assert.False(DirectoryReader.IndexExists(_directory));
    }

    private static Article Article(string slug, string word) =>
        new ArticleBuilder().WithSlug(slug).WithTitle($"A Story About {word}").WithBody($"{word} everywhere.").Build();
}
