using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Simple;
using Lucene.Net.Search;

namespace BudapestPost.Core.Search;

/// <summary>
/// Lucene's SimpleQueryParser, which accepts any input: words (all required), "quoted phrases",
/// <c>-exclusion</c>, <c>prefix*</c> and <c>a | b</c>; anything else is taken as text. Fuzzy and
/// proximity operators are off: they are costly and readers do not type them.
/// </summary>
internal sealed class SearchQueryParser : SimpleQueryParser
{
    private const Operator Operators = Operator.AND_OPERATOR | Operator.NOT_OPERATOR | Operator.OR_OPERATOR |
        Operator.PREFIX_OPERATOR | Operator.PHRASE_OPERATOR | Operator.PRECEDENCE_OPERATORS |
        Operator.ESCAPE_OPERATOR | Operator.WHITESPACE_OPERATOR;

    /// <summary>Title matches count most, then the lead and tags, then the body.</summary>
    private static readonly Dictionary<string, float> Weights = new()
    {
        [SearchFields.Title] = 3f,
        [SearchFields.Lead] = 2f,
        [SearchFields.Tags] = 2f,
        [SearchFields.Text] = 1f,
    };

    public SearchQueryParser(SearchAnalyzer analyzer) : base(analyzer, Weights, Operators) =>
        DefaultOperator = Occur.MUST;

    /// <summary>
    /// A prefix is not analyzed (it is not a whole word, so it has no stem), but it is folded and
    /// lowercased like the index, so "Orb*" finds "Orbán". It matches the words before stemming
    /// changed them only where the stem keeps the prefix, which is the common case.
    /// </summary>
    protected override Query NewPrefixQuery(string text)
    {
        var folded = Fold(text);
        var query = new BooleanQuery(disableCoord: true);
        foreach (var (field, weight) in m_weights)
        {
            query.Add(new PrefixQuery(new Term(field, folded)) { Boost = weight }, Occur.SHOULD);
        }
        return Simplify(query);
    }

    private static string Fold(string text)
    {
        var lower = text.ToLowerInvariant().ToCharArray();
        var folded = new char[lower.Length * 4];
        var length = ASCIIFoldingFilter.FoldToASCII(lower, 0, folded, 0, lower.Length);
        return new string(folded, 0, length);
    }
}
