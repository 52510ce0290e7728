using System.Text;
using BudapestPost.Core.Articles;
using BudapestPost.Testing;

namespace BudapestPost.Core.Tests.Articles;

public sealed class ArticleFileEditorTests
{
    private const string FileName = "nato-chief.md";
    private static readonly Correction First = new(new DateTimeOffset(2025, 2, 16, 12, 0, 0, TimeSpan.Zero), "Fixed the date.");
    private static readonly Correction Second = new(new DateTimeOffset(2025, 2, 17, 8, 30, 0, TimeSpan.FromHours(1)), "Quote: \"more\" \\ not \"less\".\nSecond line.");

    [Fact]
    public void AppendCorrection_FileWithoutCorrections_AddsOneAndKeepsEverythingElse()
    {
        var original = ArticleParser.Parse(FileName, new ArticleFileBuilder().WithTags("nato").WithWindowsLineEndings().Build()).Value!;

        var edited = ArticleFileEditor.AppendCorrection(new ArticleFileBuilder().WithTags("nato").WithWindowsLineEndings().Build(), [], First, body: null)!;
        var article = ArticleParser.Parse(FileName, edited).Value!;

        Assert.Equal([First], article.Corrections);
        Assert.Equal(original with { Updated = First.At, ContentHash = article.ContentHash, Tags = [] }, article with { Corrections = [], Tags = [] });
        Assert.Equal(original.Tags, article.Tags);
    }

    [Fact]
    public void AppendCorrection_FileWithCorrections_KeepsThemAndAppendsTextThatNeedsEscaping()
    {
        var content = new ArticleFileBuilder().With("corrections", "[{at: 2025-02-16T12:00:00Z, text: Fixed the date.}]").WithSection("europe").Build();

        var edited = ArticleFileEditor.AppendCorrection(content, [First], Second, body: "New body.\n\nWith two paragraphs.")!;
        var article = ArticleParser.Parse(FileName, edited).Value!;

        Assert.Equal([First, Second], article.Corrections);
        Assert.Equal("europe", article.Section);
        Assert.Equal("New body.\n\nWith two paragraphs.", article.Body);
        Assert.Contains("section: europe\n", Encoding.UTF8.GetString(edited), StringComparison.Ordinal);
    }

    [Fact]
    public void AppendCorrection_NoFrontMatter_ReturnsNull() =>
        Assert.Null(ArticleFileEditor.AppendCorrection("Just text."u8.ToArray(), [], First, body: null));
}
