using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Lucene.Net.Util;

namespace BudapestPost.Core.Search;

/// <summary>Runs searches and title completions on one point-in-time view of the index.</summary>
public sealed class ArticleSearcher(IndexSearcher searcher)
{
    public const int MaxLimit = 50;
    public const int MaxSuggestions = 10;
    private const int SnippetLength = 160;

    private static readonly SearchAnalyzer Analyzer = new();

    public SearchResults Search(SearchRequest request)
    {
        var query = new SearchQueryParser(Analyzer).Parse(request.Query);
        if (query is null || (query is BooleanQuery { Clauses.Count: 0 }))
        {
            return SearchResults.Empty;
        }

        var sort = request.Sort == SearchSort.Newest
            ? new Sort(new SortField(SearchFields.Published, SortFieldType.INT64, reverse: true), new SortField(SearchFields.Slug, SortFieldType.STRING))
            : new Sort(SortField.FIELD_SCORE, new SortField(SearchFields.Slug, SortFieldType.STRING));
        var limit = Math.Clamp(request.Limit, 1, MaxLimit);
        var top = searcher.SearchAfter(After(request.After, request.Sort), query, Filter(request), limit, sort, doDocScores: true, doMaxScore: false);

        var highlighter = new Highlights(query, Analyzer);
        var hits = top.ScoreDocs.Select(hit => ToHit(hit, highlighter)).ToList();
        var next = hits.Count == limit && top.ScoreDocs[^1] is FieldDoc last
            ? new SearchCursor(request.Sort, float.IsNaN(last.Score) ? 0 : last.Score, hits[^1].Published.UtcTicks, hits[^1].Slug)
            : null;
        return new SearchResults(hits, top.TotalHits, next);
    }

    /// <summary>
    /// Titles in which every word typed so far appears, the last one as a prefix (the reader is
    /// still typing it); newest first.
    /// </summary>
    public IReadOnlyList<TitleSuggestion> Suggest(string text)
    {
        var words = Analyzer.TitleWords(text);
        if (words.Count == 0)
        {
            return [];
        }
        var query = new BooleanQuery();
        var complete = char.IsWhiteSpace(text[^1]);
        for (var i = 0; i < words.Count; i++)
        {
            var term = new Term(SearchFields.TitleWords, words[i]);
            query.Add(i == words.Count - 1 && !complete ? new PrefixQuery(term) : new TermQuery(term), Occur.MUST);
        }
        var newest = new Sort(new SortField(SearchFields.Published, SortFieldType.INT64, reverse: true));
        return searcher.Search(query, MaxSuggestions, newest).ScoreDocs
            .Select(hit => searcher.Doc(hit.Doc))
            .Select(document => new TitleSuggestion(document.Get(SearchFields.Slug), document.Get(SearchFields.Title)))
            .ToList();
    }

    private static Filter? Filter(SearchRequest request)
    {
        var filter = new BooleanQuery();
        if (request.Tag is { } tag)
        {
            filter.Add(new TermQuery(new Term(SearchFields.Tag, tag)), Occur.MUST);
        }
        if (request.Section is { } section)
        {
            filter.Add(new TermQuery(new Term(SearchFields.Section, section)), Occur.MUST);
        }
        if (request.From is not null || request.To is not null)
        {
            filter.Add(NumericRangeQuery.NewInt64Range(SearchFields.Published,
                request.From?.UtcTicks, request.To?.UtcTicks, minInclusive: true, maxInclusive: true), Occur.MUST);
        }
        return filter.Clauses.Count == 0 ? null : new QueryWrapperFilter(filter);
    }

    /// <summary>The last hit of the previous page as Lucene's sort values; doc id past all so that hit itself is skipped.</summary>
    private static FieldDoc? After(SearchCursor? cursor, SearchSort sort)
    {
        if (cursor is null || cursor.Sort != sort)
        {
            return null;
        }
        var slug = new BytesRef(cursor.Slug);
        return sort == SearchSort.Newest
            ? new FieldDoc(int.MaxValue, float.NaN, [J2N.Numerics.Int64.GetInstance(cursor.PublishedTicks), slug])
            : new FieldDoc(int.MaxValue, cursor.Score, [J2N.Numerics.Single.GetInstance(cursor.Score), slug]);
    }

    private SearchHit ToHit(ScoreDoc hit, Highlights highlights)
    {
        var document = searcher.Doc(hit.Doc);
        var title = document.Get(SearchFields.Title);
        var lead = document.Get(SearchFields.Lead);
        return new SearchHit(
            document.Get(SearchFields.Slug),
            title,
            lead,
            new DateTimeOffset(document.GetField(SearchFields.Published).GetInt64Value()!.Value, TimeSpan.Zero),
            float.IsNaN(hit.Score) ? 0 : hit.Score,
            highlights.Whole(SearchFields.Title, title),
            highlights.Snippet(SearchFields.Text, document.Get(SearchFields.Text)) ??
                highlights.Snippet(SearchFields.Lead, lead) ??
                highlights.Escape(lead.Length <= SnippetLength ? lead : lead[..SnippetLength] + "…"));
    }

    /// <summary>Lucene's highlighter: matched terms in <c>&lt;mark&gt;</c>, everything else HTML-escaped.</summary>
    private sealed class Highlights(Query query, SearchAnalyzer analyzer)
    {
        private readonly MarkupEncoder _encoder = new();
        private readonly SimpleHTMLFormatter _formatter = new("<mark>", "</mark>");
        private readonly QueryScorer _scorer = new(query);

        public string Whole(string field, string text) =>
            Highlighter(new NullFragmenter()).GetBestFragment(analyzer, field, text) ?? Escape(text);

        public string? Snippet(string field, string text) =>
            Highlighter(new SimpleSpanFragmenter(_scorer, SnippetLength)).GetBestFragment(analyzer, field, text);

        public string Escape(string text) => _encoder.EncodeText(text);

        private Highlighter Highlighter(IFragmenter fragmenter) =>
            new(_formatter, _encoder, _scorer) { TextFragmenter = fragmenter };
    }

    /// <summary>
    /// Escapes only what HTML needs (<c>&amp; &lt; &gt; " '</c>): Lucene's SimpleHTMLEncoder also turns
    /// every non-ASCII letter into a numeric entity, which makes "Orbán" unreadable in JSON.
    /// </summary>
    private sealed class MarkupEncoder : IEncoder
    {
        public string EncodeText(string originalText)
        {
            var text = new System.Text.StringBuilder(originalText.Length + 16);
            foreach (var c in originalText)
            {
                _ = c switch
                {
                    '&' => text.Append("&amp;"),
                    '<' => text.Append("&lt;"),
                    '>' => text.Append("&gt;"),
                    '"' => text.Append("&quot;"),
                    '\'' => text.Append("&#39;"),
                    _ => text.Append(c),
                };
            }
            return text.ToString();
        }
    }
}
