using BudapestPost.Core.Articles;
using BudapestPost.Core.Search;
using BudapestPost.Testing;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace BudapestPost.Core.Tests.Search;

public sealed class SearchIndexEditorTests : IDisposable
{
    private readonly RAMDirectory _directory = new();
    private readonly SearchIndexEditor _editor;

    public SearchIndexEditorTests() => _editor = new SearchIndexEditor(_directory);

    public void Dispose() => _editor.Dispose();

    [Fact]
    public void Apply_NewArticle_CommitsItsDocument()
    {
        Assert.True(_editor.Apply("first", Article("first", "Lanterns")));

        Assert.Equal(["first"], SearchIndexes.Searcher(_directory).Slugs("lanterns"));
    }

    [Fact]
    public void Apply_SameContentAgain_WritesNoCommit()
    {
        _editor.Apply("first", Article("first", "Lanterns"));
        var generation = SegmentInfos.GetLastCommitGeneration(_directory);

        Assert.False(_editor.Apply("first", Article("first", "Lanterns")));

        Assert.Equal(generation, SegmentInfos.GetLastCommitGeneration(_directory));
    }

    [Fact]
    public void Apply_NewContent_ReplacesTheDocument()
    {
        _editor.Apply("first", Article("first", "Lanterns"));

        _editor.Apply("first", Article("first", "Candles"));

        var searcher = SearchIndexes.Searcher(_directory);
        Assert.Empty(searcher.Slugs("lanterns"));
        Assert.Equal(["first"], searcher.Slugs("candles"));
    }

    [Theory]
    [InlineData(ArticleStatus.Draft)]
    [InlineData(ArticleStatus.Retracted)]
    public void Apply_NotPublished_RemovesTheDocument(ArticleStatus status)
    {
        _editor.Apply("first", Article("first", "Lanterns"));
        _editor.Apply("second", Article("second", "Lanterns"));

        Assert.True(_editor.Apply("first", Article("first", "Lanterns") with { Status = status }));

        Assert.Equal(["second"], SearchIndexes.Searcher(_directory).Slugs("lanterns"));
    }

    [Fact]
    public void Apply_AfterReopening_SeesWhatWasCommitted()
    {
        _editor.Apply("first", Article("first", "Lanterns"));
        _editor.Dispose();
        using var reopened = new SearchIndexEditor(_directory);

        Assert.False(reopened.Apply("first", Article("first", "Lanterns")));
        Assert.True(reopened.Apply("second", Article("second", "Lanterns")));

        Assert.Equal(["first", "second"], SearchIndexes.Searcher(_directory).Slugs("lanterns").Order());
    }

    [Fact]
    public void Apply_GoneAndNeverIndexed_WritesNothing()
    {
        Assert.False(_editor.Apply("never", null));

        Assert.False(DirectoryReader.IndexExists(_directory));
    }

    private static Article Article(string slug, string word) =>
        new ArticleBuilder().WithSlug(slug).WithTitle($"A Story About {word}").WithBody($"{word} everywhere.").Build();
}
