using BudapestPost.Core.Articles;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>Related-article lists for clients, and the admin rebuild.</summary>
public sealed class RelatedHttp(ArticleReads reads, IOptions<ReadCacheOptions> cacheOptions, RelatedIndexer indexer)
{
    [Function(nameof(GetRelatedArticles))]
    public async Task<IActionResult> GetRelatedArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "articles/{slug}/related")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug))
        {
            return Problems.InvalidSlug("slug");
        }

        var list = await reads.RelatedAsync(slug, cancellationToken);
        return list is null
            ? Problems.NotFound($"There is no published article '{slug}'.")
            : HttpCaching.Cacheable(request, list.Body, cacheOptions.Value.FreshFor);
    }

    [Function(nameof(Reindex))]
    public async Task<IActionResult> Reindex(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/reindex")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var changes = await indexer.ReindexAsync(cancellationToken);
        return new OkObjectResult(new
        {
            relatedListsWritten = changes.RelatedLists.Count,
            relatedListsRemoved = changes.RemovedLists.Count,
            latestWritten = changes.Latest,
            tagListsWritten = changes.Tags.Count,
        });
    }
}
