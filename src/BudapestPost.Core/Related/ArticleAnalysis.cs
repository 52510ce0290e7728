using BudapestPost.Core.Articles;

namespace BudapestPost.Core.Related;

/// <summary>Analyzes articles for ranking: title and lead terms boosted over body terms.</summary>
internal static class ArticleAnalysis
{
    private static readonly EnglishTextAnalyzer Analyzer = new();

    public static AnalyzedArticle Analyze(Article article, RelatedOptions options)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        Analyzer.CountTerms(article.Title, options.TitleBoost, counts);
        Analyzer.CountTerms(article.Lead, options.LeadBoost, counts);
        Analyzer.CountTerms(EnglishTextAnalyzer.PlainText(article.Body), 1, counts);

        var terms = counts.Keys.ToArray();
        Array.Sort(terms, StringComparer.Ordinal);
        var termCounts = Array.ConvertAll(terms, term => counts[term]);
        return new AnalyzedArticle(
            article.Slug, article.Title, article.Lead, article.Published, NormalizeTags(article.Tags), terms, termCounts);
    }

    /// <summary>Tags compare case-insensitively; they are kept trimmed, lowercase, distinct and sorted.</summary>
    public static string[] NormalizeTags(IEnumerable<string> tags)
    {
        var normalized = tags
            .Select(tag => tag.Trim().ToLowerInvariant())
            .Where(tag => tag.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        Array.Sort(normalized, StringComparer.Ordinal);
        return normalized;
    }

    /// <summary>Tags share the key space with text terms under a prefix no analyzed term can carry.</summary>
    public static string TagKey(string tag) => "#" + tag;
}
