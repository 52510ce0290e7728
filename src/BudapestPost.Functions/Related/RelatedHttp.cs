using BudapestPost.Core.Articles;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Editors;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Related;

/// <summary>Related-article lists for clients, the admin rebuild, and article file events.</summary>
public sealed class RelatedHttp(RelatedIndexBlobs indexes, RelatedIndexer indexer, DeletedArticleFiles deletedFiles, IOptions<ReadCacheOptions> cacheOptions)
{
    [Function(nameof(GetRelatedArticles))]
    public async Task<IActionResult> GetRelatedArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/articles/{slug}/related")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug))
        {
            return Problems.InvalidSlug("slug");
        }

        var list = await indexes.ReadRelatedAsync(slug, cancellationToken);
        return list is null
            ? Problems.ArticleNotFound(slug)
            : HttpCaching.Cacheable(request, list.Body, cacheOptions.Value.FreshFor);
    }

    [Function(nameof(Reindex))]
    [RequiresRole(EditorRole.Admin)]
    [Audited("related.reindex")]
    public async Task<IActionResult> Reindex(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/reindex")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var changes = await indexer.ReindexAsync(cancellationToken);
        return new OkObjectResult(new
        {
            relatedListsWritten = changes.RelatedLists.Count,
            relatedListsRemoved = changes.RemovedLists.Count,
        });
    }

    /// <summary>
    /// Event Grid webhook for the <c>articles</c> container's events, BlobDeleted in particular:
    /// a deleted file's article leaves the catalog (as an unpublish), the corpus and every related list.
    /// </summary>
    [Function(nameof(ArticleFilesChanged))]
    public async Task<IActionResult> ArticleFilesChanged(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/admin/article-events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadBoundedAsync(request, ArticleFileEvents.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return Problems.PayloadTooLarge(ArticleFileEvents.MaxBodyBytes);
        }
        if (ArticleFileEvents.Parse(body) is not { } events)
        {
            return Problems.Validation("events", "Must be a JSON array of Event Grid events.");
        }
        if (events.ValidationCode is { } code)
        {
            return new OkObjectResult(new { validationResponse = code });
        }
        await deletedFiles.ApplyAsync(events.BlobNames, cancellationToken);
        return new OkObjectResult(new { articleFiles = events.BlobNames.Count });
    }
}
