using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace BudapestPost.Core.Search;

/// <summary>
/// The analysis of every text field, at index and at query time alike: standard tokenization,
/// possessives removed, accents folded to ASCII ("Orbán" → "orban"), lowercase, Lucene's short
/// English stop list, Porter stems, then American stems mapped to British ones
/// (<see cref="SpellingVariants"/>). <see cref="SearchFields.TitleWords"/> stops after folding
/// and lowercasing: completions match what the reader typed, not its stem.
/// </summary>
/// <remarks>
/// The stop list is Lucene's 33 words rather than the Snowball list the related engine uses:
/// phrases keep their positions either way, and a reader searching "who" or "us" means it.
/// </remarks>
internal sealed class SearchAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Stem of each American spelling → stem of the British one, so inflections map too ("defenses" → "defenc").</summary>
    private static readonly Dictionary<string, string> VariantStems = SpellingVariants.AmericanToBritish
        .Select(pair => (American: Stem(pair.Key), British: Stem(pair.Value)))
        .Where(pair => pair.American != pair.British)
        .DistinctBy(pair => pair.American)
        .ToDictionary(pair => pair.American, pair => pair.British, StringComparer.Ordinal);

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new ASCIIFoldingFilter(stream);
        stream = new LowerCaseFilter(Version, stream);
        if (fieldName == SearchFields.TitleWords)
        {
            return new TokenStreamComponents(tokenizer, stream);
        }
        stream = new StopFilter(Version, stream, EnglishAnalyzer.DefaultStopSet);
        stream = new PorterStemFilter(stream);
        return new TokenStreamComponents(tokenizer, new TermMapFilter(stream, VariantStems));
    }

    /// <summary>Text folded and lowercased the way <see cref="SearchFields.TitleWords"/> is indexed, one entry per word.</summary>
    public IReadOnlyList<string> TitleWords(string text)
    {
        var words = new List<string>();
        using var stream = GetTokenStream(SearchFields.TitleWords, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            words.Add(term.ToString());
        }
        stream.End();
        return words;
    }

    private static string Stem(string word)
    {
        using var stream = new PorterStemFilter(new KeywordTokenizer(new StringReader(word)));
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        stream.IncrementToken();
        var stem = term.ToString();
        stream.End();
        return stem;
    }

    /// <summary>Replaces whole terms found in a map.</summary>
    private sealed class TermMapFilter(TokenStream input, IReadOnlyDictionary<string, string> map) : TokenFilter(input)
    {
        private readonly ICharTermAttribute _term = input.AddAttribute<ICharTermAttribute>();

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken())
            {
                return false;
            }
            if (map.TryGetValue(_term.ToString(), out var replacement))
            {
                _term.SetEmpty().Append(replacement);
            }
            return true;
        }
    }
}
