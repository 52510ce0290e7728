using BudapestPost.Core.Audio;

namespace BudapestPost.Core.Tests.Audio;

public sealed class SpeechChunksTests
{
    [Fact]
    public void Split_ShortText_IsOnePiece()
    {
        Assert.Equal(["One.\n\nTwo."], SpeechChunks.Split("One.\n\nTwo.", 100));
    }

    [Fact]
    public void Split_Paragraphs_StayWholeWhileTheyFit()
    {
        var text = "Aaaa aaaa.\n\nBbbb bbbb.\n\nCccc cccc.";

        var chunks = SpeechChunks.Split(text, 24);

        Assert.Equal(["Aaaa aaaa.\n\nBbbb bbbb.", "Cccc cccc."], chunks);
    }

    [Fact]
    public void Split_LongParagraph_BreaksAtSentencesThenWords()
    {
        var text = "First sentence here. Second one. " + string.Join(' ', Enumerable.Repeat("word", 12));

        var chunks = SpeechChunks.Split(text, 25);

        Assert.All(chunks, chunk => Assert.InRange(chunk.Length, 1, 25));
        Assert.Equal("First sentence here.", chunks[0]);
        Assert.Equal(Words(text), Words(string.Join(" ", chunks)));
    }

    [Fact]
    public void Split_WordLongerThanAPiece_IsCut()
    {
        var chunks = SpeechChunks.Split(new string('x', 25), 10);

        Assert.Equal([10, 10, 5], chunks.Select(chunk => chunk.Length));
    }

    [Fact]
    public void Split_ManyParagraphs_KeepsEveryWordInOrderUnderTheLimit()
    {
        var text = string.Join("\n\n", Enumerable.Range(0, 200).Select(i => $"Paragraph {i} says something. It goes on for a while, as news does."));

        var chunks = SpeechChunks.Split(text, 1000);

        Assert.All(chunks, chunk => Assert.True(chunk.Length <= 1000));
        Assert.Equal(Words(text), Words(string.Join("\n\n", chunks)));
        Assert.InRange(chunks.Count, text.Length / 1000 + 1, text.Length / 1000 + 2);
    }

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
