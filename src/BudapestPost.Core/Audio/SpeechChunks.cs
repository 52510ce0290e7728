namespace BudapestPost.Core.Audio;

/// <summary>
/// Splits spoken text into pieces a speech service takes in one request: whole paragraphs while they fit,
/// a long paragraph at its sentence ends, a sentence longer than a piece at its spaces. Joined back with
/// blank lines, the pieces say everything the text says, in order.
/// </summary>
public static class SpeechChunks
{
    public static IReadOnlyList<string> Split(string text, int maxCharacters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCharacters, 1);
        var chunks = new List<string>();
        var current = "";
        foreach (var piece in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                     .SelectMany(paragraph => Fit(paragraph, maxCharacters)))
        {
            if (current.Length > 0 && current.Length + 2 + piece.Length > maxCharacters)
            {
                chunks.Add(current);
                current = "";
            }
            current = current.Length == 0 ? piece : current + "\n\n" + piece;
        }
        if (current.Length > 0)
        {
            chunks.Add(current);
        }
        return chunks;
    }

    /// <summary>A paragraph as it is when it fits; otherwise its sentences, and the words of a sentence too long.</summary>
    private static IEnumerable<string> Fit(string paragraph, int maxCharacters)
    {
        if (paragraph.Length <= maxCharacters)
        {
            yield return paragraph;
            yield break;
        }
        var current = "";
        foreach (var sentence in Sentences(paragraph).SelectMany(sentence => Words(sentence, maxCharacters)))
        {
            if (current.Length > 0 && current.Length + 1 + sentence.Length > maxCharacters)
            {
                yield return current;
                current = "";
            }
            current = current.Length == 0 ? sentence : current + " " + sentence;
        }
        if (current.Length > 0)
        {
            yield return current;
        }
    }

    private static IEnumerable<string> Sentences(string paragraph)
    {
        var start = 0;
        for (var i = 1; i < paragraph.Length; i++)
        {
            if (paragraph[i] == ' ' && paragraph[i - 1] is '.' or '?' or '!' or ';' or ':')
            {
                yield return paragraph[start..i];
                start = i + 1;
            }
        }
        if (start < paragraph.Length)
        {
            yield return paragraph[start..];
        }
    }

    private static IEnumerable<string> Words(string sentence, int maxCharacters)
    {
        var rest = sentence;
        while (rest.Length > maxCharacters)
        {
            var cut = rest.LastIndexOf(' ', maxCharacters);
            if (cut <= 0)
            {
                // One "word" longer than a piece: cut it where it must be cut.
                cut = maxCharacters;
                yield return rest[..cut];
                rest = rest[cut..];
            }
            else
            {
                yield return rest[..cut];
                rest = rest[(cut + 1)..];
            }
        }
        if (rest.Length > 0)
        {
            yield return rest;
        }
    }
}
