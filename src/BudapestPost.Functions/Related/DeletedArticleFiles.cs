using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Audio;
using BudapestPost.Functions.Search;

namespace BudapestPost.Functions.Related;

/// <summary>
/// What follows the events about article files (deletions in particular, which no blob trigger
/// sees): the catalog withdraws the article of a file that is gone, and the related and search
/// indexes and the narrations take each file's current state. Every step is idempotent, so a redelivered event does no harm.
/// </summary>
public sealed class DeletedArticleFiles(ArticlePublisher publisher, RelatedIndexer indexer, SearchIndexer search, ArticleNarrator narrator)
{
    public async Task ApplyAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken)
    {
        await Task.WhenAll(blobNames.Select(name => publisher.WithdrawAsync(name, cancellationToken)));
        await Task.WhenAll(
            Task.WhenAll(blobNames.Select(name => indexer.ApplyAsync(name, cancellationToken))),
            search.ApplyAsync(blobNames, cancellationToken),
            Task.WhenAll(blobNames.Select(name => narrator.SubmitAsync(name, cancellationToken))));
    }
}
