using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Related;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Articles;

/// <summary>The articles API: browse, read, and publish article files.</summary>
public sealed class ArticlesHttp(
    ArticleCatalog catalog,
    PublishedArticles published,
    RelatedIndexBlobs relatedIndexes,
    BlobServiceClient blobs,
    ILogger<ArticlesHttp> logger)
{
    [Function(nameof(ListArticles))]
    public async Task<IActionResult> ListArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "articles")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryReadLimit(request, out var limit, out var limitProblem))
        {
            return limitProblem!;
        }

        string? tag = request.Query["tag"];
        if (string.IsNullOrEmpty(tag))
        {
            tag = null;
        }
        else if (!Slug.IsValid(tag))
        {
            return Problems.InvalidSlug("tag");
        }

        var scope = tag ?? "";
        string? storageToken = null;
        if (request.Query.TryGetValue("continuation", out var token) && !string.IsNullOrEmpty(token) &&
            !ContinuationToken.TryDecode(token!, scope, out storageToken))
        {
            return Problems.Validation("continuation", "Is not a token this listing returned; start again without it.");
        }

        Page<CatalogEntity> page;
        try
        {
            page = await catalog.ListAsync(tag, limit, storageToken, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == StatusCodes.Status400BadRequest)
        {
            return Problems.Validation("continuation", "Is not a token this listing returned; start again without it.");
        }

        return new OkObjectResult(new ArticleListPage(
            page.Values.Select(ArticleListItem.From).ToList(),
            ContinuationToken.Encode(scope, page.ContinuationToken)));
    }

    [Function(nameof(GetArticle))]
    public async Task<IActionResult> GetArticle(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "articles/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug))
        {
            return Problems.InvalidSlug("slug");
        }

        var entry = await catalog.FindAsync(slug, cancellationToken);
        if (entry?.Status == CatalogEntity.RetractedStatus)
        {
            return Problems.Gone($"The article '{slug}' was retracted.");
        }
        var article = entry?.Status == CatalogEntity.PublishedStatus
            ? await published.ReadAsync(slug, entry.ContentHash!, cancellationToken)
            : null;
        if (article is null)
        {
            return Problems.NotFound($"There is no published article '{slug}'.");
        }

        var related = await relatedIndexes.ReadRelatedAsync(slug, cancellationToken);
        return HttpCaching.Cacheable(
            request,
            HttpCaching.StrongETag(entry!.ContentHash!, related?.ETag ?? ""),
            () => new OkObjectResult(article with { Related = related?.Document.Items ?? [] }));
    }

    [Function(nameof(PutArticle))]
    public async Task<IActionResult> PutArticle(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "articles/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug))
        {
            return Problems.InvalidSlug("slug");
        }
        if (!RequestBody.HasMediaType(request, "text/markdown"))
        {
            return Problems.UnsupportedMediaType("text/markdown");
        }
        var content = await RequestBody.ReadBoundedAsync(request, ArticleFileLimits.MaxFileBytes, cancellationToken);
        if (content is null)
        {
            return Problems.PayloadTooLarge(ArticleFileLimits.MaxFileBytes);
        }

        var blobName = ArticleSources.BlobName(slug);
        var parsed = ArticleParser.Parse(blobName, content);
        if (!parsed.IsValid)
        {
            return Problems.Validation(parsed.Errors, "The article file is invalid; nothing was stored.");
        }

        await blobs.GetBlobContainerClient(ArticleSources.Container).GetBlobClient(blobName).UploadAsync(
            new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/markdown; charset=utf-8" } },
            cancellationToken);
        logger.LogInformation("Accepted {Slug} ({ContentHash}) for publishing", slug, parsed.Article!.ContentHash);

        return new AcceptedResult(ArticleUrls.Article(slug), new { slug, contentHash = parsed.Article.ContentHash, status = "accepted" });
    }
}
