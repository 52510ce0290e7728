using BudapestPost.Functions.Articles;

namespace BudapestPost.Functions.Related;

/// <summary>
/// What follows the events about article files (deletions in particular, which no blob trigger
/// sees): the catalog withdraws the article of a file that is gone, and the related indexes take
/// each file's current state. Both steps are idempotent, so a redelivered event does no harm.
/// </summary>
public sealed class DeletedArticleFiles(ArticlePublisher publisher, RelatedIndexer indexer)
{
    public Task ApplyAsync(IReadOnlyList<string> blobNames, CancellationToken cancellationToken) =>
        Task.WhenAll(blobNames.Select(async name =>
        {
            await publisher.WithdrawAsync(name, cancellationToken);
            await indexer.ApplyAsync(name, cancellationToken);
        }));
}
