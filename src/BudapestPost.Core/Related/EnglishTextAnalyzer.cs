using System.Text;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;
using Markdig;

namespace BudapestPost.Core.Related;

/// <summary>
/// Turns article text into index terms with Lucene's English analysis: standard tokenization,
/// possessive removal, lowercasing, English stop words and Porter stemming.
/// </summary>
public sealed class EnglishTextAnalyzer : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // The analyzer reuses its token streams per thread, so one instance serves parallel callers.
    private readonly EnglishAnalyzer _analyzer = new(Version, StopWords());

    /// <summary>Adds each term of <paramref name="text"/> to <paramref name="counts"/>, <paramref name="weight"/> times.</summary>
    public void CountTerms(string text, int weight, IDictionary<string, int> counts)
    {
        foreach (var term in Terms(text))
        {
            counts[term] = counts.TryGetValue(term, out var count) ? count + weight : weight;
        }
    }

    /// <summary>The terms of <paramref name="text"/> in order, repeats included.</summary>
    /// <remarks>Read eagerly: the analyzer reuses one token stream per thread, so a lazy sequence
    /// enumerated alongside another would corrupt both.</remarks>
    public IReadOnlyList<string> Terms(string text)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return terms;
        }

        using var stream = _analyzer.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }
        stream.End();
        return terms;
    }

    /// <summary>Markdown body reduced to its words, so link targets and markup do not become terms.</summary>
    public static string PlainText(string markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? "" : Markdown.ToPlainText(markdown);

    public void Dispose() => _analyzer.Dispose();

    /// <summary>
    /// Lucene's default English set has only 33 words and lets "its", "from" or "about" link
    /// headlines; the Snowball list shipped with the same package covers the function words
    /// (and deliberately keeps "us", which in news is mostly the United States).
    /// </summary>
    private static CharArraySet StopWords()
    {
        using var reader = IOUtils.GetDecodingReader(typeof(SnowballFilter), "english_stop.txt", Encoding.UTF8);
        var words = WordlistLoader.GetSnowballWordSet(reader, Version);
        words.UnionWith(EnglishAnalyzer.DefaultStopSet);
        return words.AsReadOnly();
    }
}
