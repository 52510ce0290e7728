using BudapestPost.Core.Articles;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Related;

/// <summary>Related-article lists for clients, and the admin rebuild.</summary>
public sealed class RelatedHttp(RelatedIndexBlobs indexes, RelatedIndexer indexer)
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

        var list = await indexes.ReadRelatedAsync(slug, cancellationToken);
        if (list is not { } found)
        {
            return Problems.NotFound($"There is no published article '{slug}'.");
        }
        return HttpCaching.Cacheable(request, HttpCaching.StrongETag(found.ETag), () => new OkObjectResult(found.Document));
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
        });
    }
}
