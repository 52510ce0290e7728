namespace BudapestPost.Core.Search;

/// <summary>Field names of an article's search document.</summary>
internal static class SearchFields
{
    /// <summary>Indexed as one term (updates and deletes find the document by it) and sortable.</summary>
    public const string Slug = "slug";

    public const string Title = "title";
    public const string Lead = "lead";
    public const string Text = "text";

    /// <summary>Tag words, searchable as text; <see cref="Tag"/> holds each tag as one term for filters.</summary>
    public const string Tags = "tags";
    public const string Tag = "tag";
    public const string Section = "section";

    /// <summary>UTC ticks: a numeric field for date ranges, doc values for the newest sort, and stored.</summary>
    public const string Published = "published";

    /// <summary>The title's words folded but not stemmed, for completions of what a reader has typed so far.</summary>
    public const string TitleWords = "title_words";

    /// <summary>Content hash of the indexed file, so indexing the same file again writes nothing.</summary>
    public const string ContentHash = "hash";
}
