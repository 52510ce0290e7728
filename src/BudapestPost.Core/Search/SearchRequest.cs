namespace BudapestPost.Core.Search;

public enum SearchSort
{
    Relevance,
    Newest,
}

/// <summary>
/// A validated search: the reader's query text and the filters; <paramref name="After"/> is the
/// last hit of the previous page.
/// </summary>
public sealed record SearchRequest(
    string Query,
    string? Tag = null,
    string? Section = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    SearchSort Sort = SearchSort.Relevance,
    int Limit = 10,
    SearchCursor? After = null);

/// <summary>One page of hits; <paramref name="Total"/> counts every match of the query and filters.</summary>
public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, int Total, SearchCursor? Next)
{
    public static readonly SearchResults Empty = new([], 0, null);
}

/// <summary>A hit with its highlights: HTML-escaped text in which only <c>&lt;mark&gt;</c> is markup.</summary>
public sealed record SearchHit(
    string Slug,
    string Title,
    string Lead,
    DateTimeOffset Published,
    float Score,
    string TitleHighlight,
    string TextHighlight);

/// <summary>A title completion.</summary>
public sealed record TitleSuggestion(string Slug, string Title);
