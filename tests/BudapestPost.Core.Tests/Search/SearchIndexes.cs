using BudapestPost.Core.Articles;
using BudapestPost.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;

namespace BudapestPost.Core.Tests.Search;

/// <summary>In-memory indexes built with the production editor, and a searcher over their latest commit.</summary>
internal static class SearchIndexes
{
    public static RAMDirectory Build(IEnumerable<Article> articles)
    {
        var directory = new RAMDirectory();
        SearchIndexEditor.Build(directory, articles);
        return directory;
    }

    public static ArticleSearcher Searcher(Lucene.Net.Store.Directory directory) =>
        new(new IndexSearcher(DirectoryReader.Open(directory)));

    public static ArticleSearcher Searcher(IEnumerable<Article> articles) => Searcher(Build(articles));

    public static IReadOnlyList<string> Slugs(this ArticleSearcher searcher, string query) =>
        searcher.Search(new SearchRequest(query, Limit: ArticleSearcher.MaxLimit)).Hits.Select(hit => hit.Slug).ToList();
}
