using BudapestPost.Core.Articles;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Directory = Lucene.Net.Store.Directory;

namespace BudapestPost.Core.Search;

/// <summary>Changes to a search index in a Lucene directory; each change ends in a commit.</summary>
public static class SearchIndexEditor
{
    /// <summary>
    /// Makes the index hold <paramref name="article"/> as it is now: a published article replaces
    /// its document, a draft or retraction removes it, and null (the file is gone) removes it too.
    /// Returns false, writing nothing, when the index already holds exactly that.
    /// </summary>
    public static bool Apply(Directory directory, string slug, Article? article)
    {
        var published = article is { Status: ArticleStatus.Published } ? article : null;
        var indexedHash = IndexedHash(directory, slug);
        if (published is null ? indexedHash is null : indexedHash == published.ContentHash)
        {
            return false;
        }

        using var writer = OpenWriter(directory);
        var key = new Term(SearchFields.Slug, slug);
        if (published is null)
        {
            writer.DeleteDocuments(key);
        }
        else
        {
            writer.UpdateDocument(key, SearchDocument.From(published));
        }
        // Disposing commits, after merges the change triggered: the committed files are final.
        return true;
    }

    /// <summary>A fresh index of the published ones among <paramref name="articles"/> (slugs must be distinct).</summary>
    public static void Build(Directory directory, IEnumerable<Article> articles)
    {
        using var writer = OpenWriter(directory, OpenMode.CREATE);
        foreach (var article in articles.Where(a => a.Status == ArticleStatus.Published))
        {
            writer.AddDocument(SearchDocument.From(article));
        }
    }

    private static IndexWriter OpenWriter(Directory directory, OpenMode mode = OpenMode.CREATE_OR_APPEND) =>
        new(directory, new IndexWriterConfig(SearchAnalyzer.Version, new SearchAnalyzer())
        {
            OpenMode = mode,
            // Merges run inside the change, so the commit that follows it is complete.
            MergeScheduler = new SerialMergeScheduler(),
            RAMBufferSizeMB = 64,
        });

    private static string? IndexedHash(Directory directory, string slug)
    {
        if (!DirectoryReader.IndexExists(directory))
        {
            return null;
        }
        using var reader = DirectoryReader.Open(directory);
        var hits = new IndexSearcher(reader).Search(new TermQuery(new Term(SearchFields.Slug, slug)), 1);
        return hits.TotalHits == 0 ? null : reader.Document(hits.ScoreDocs[0].Doc).Get(SearchFields.ContentHash);
    }
}
