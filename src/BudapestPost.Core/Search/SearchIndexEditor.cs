using BudapestPost.Core.Articles;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Directory = Lucene.Net.Store.Directory;

namespace BudapestPost.Core.Search;

/// <summary>
/// Changes to a search index in a Lucene directory, each call ending in one commit. The writer stays
/// open between changes with its segment readers pooled, so a change costs the same whatever the
/// size of the index: opening a writer would load every segment's terms index again.
/// </summary>
public sealed class SearchIndexEditor(Directory directory) : IDisposable
{
    private readonly IndexWriter _writer = OpenWriter(directory, OpenMode.CREATE_OR_APPEND);

    /// <summary>
    /// Makes the index hold <paramref name="article"/> as it is now: a published article replaces
    /// its document, a draft or retraction removes it, and null (the file is gone) removes it too.
    /// Returns false, writing nothing, when the index already holds exactly that.
    /// </summary>
    public bool Apply(string slug, Article? article) => Apply([(slug, article)]) > 0;

    /// <summary>
    /// Applies every change as <see cref="Apply(string, Article?)"/> does, all in one commit: a
    /// commit writes a segment and its files, so a batch costs far less than its changes one by one.
    /// Returns how many changed the index; none writes nothing.
    /// </summary>
    public int Apply(IReadOnlyCollection<(string Slug, Article? Article)> changes)
    {
        var changed = 0;
        // One reader for the batch: opening one per change would flush a tiny segment each time.
        using (var reader = DirectoryReader.Open(_writer, applyAllDeletes: true))
        {
            var searcher = new IndexSearcher(reader);
            foreach (var (slug, article) in changes)
            {
                var published = article is { Status: ArticleStatus.Published } ? article : null;
                var indexedHash = IndexedHash(searcher, slug);
                if (published is null ? indexedHash is null : indexedHash == published.ContentHash)
                {
                    continue;
                }
                var key = new Term(SearchFields.Slug, slug);
                if (published is null)
                {
                    _writer.DeleteDocuments(key);
                }
                else
                {
                    _writer.UpdateDocument(key, SearchDocument.From(published));
                }
                changed++;
            }
        }
        if (changed == 0)
        {
            return 0;
        }
        _writer.Commit();
        // Merges the commit triggered ran during it (serially); commit their result too, so the
        // committed files are final and replicas never download a segment that is about to go.
        if (_writer.HasUncommittedChanges())
        {
            _writer.Commit();
        }
        return changed;
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

    /// <summary>Closes the writer without committing: every change was committed when it was made.</summary>
    public void Dispose() => _writer.Rollback();

    private static IndexWriter OpenWriter(Directory directory, OpenMode mode) =>
        new(directory, new IndexWriterConfig(SearchAnalyzer.Version, new SearchAnalyzer())
        {
            OpenMode = mode,
            MergeScheduler = new SerialMergeScheduler(),
            UseReaderPooling = true,
            RAMBufferSizeMB = 64,
            // Every segment in one compound file (.cfs, .cfe, .si), merged ones too: each file of a commit is a
            // blob to upload, download on every replica and delete once retired, so fewer files per segment
            // means fewer requests per commit.
            MergePolicy = new TieredMergePolicy { NoCFSRatio = 1.0 },
        });

    private static string? IndexedHash(IndexSearcher searcher, string slug)
    {
        var hits = searcher.Search(new TermQuery(new Term(SearchFields.Slug, slug)), 1);
        return hits.TotalHits == 0 ? null : searcher.Doc(hits.ScoreDocs[0].Doc).Get(SearchFields.ContentHash);
    }
}
