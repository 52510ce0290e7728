using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Articles;

/// <summary>The articles API: browse, read, and publish article files.</summary>
public sealed class ArticlesHttp(
    ArticleReads reads,
    IOptions<ReadCacheOptions> cacheOptions,
    BlobServiceClient blobs,
    ILogger<ArticlesHttp> logger)
{
    private readonly TimeSpan _freshFor = cacheOptions.Value.FreshFor;

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

        try
        {
            return HttpCaching.Cacheable(request, await reads.ListAsync(tag, limit, storageToken, cancellationToken), _freshFor);
        }
        catch (RequestFailedException exception) when (exception.Status == StatusCodes.Status400BadRequest)
        {
            return Problems.Validation("continuation", "Is not a token this listing returned; start again without it.");
        }
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

        var read = await reads.ReadAsync(slug, cancellationToken);
        return read.Status switch
        {
            ArticleReadStatus.Found => HttpCaching.Cacheable(request, read.Body!, _freshFor),
            ArticleReadStatus.Retracted => Problems.Gone($"The article '{slug}' was retracted."),
            _ => Problems.NotFound($"There is no published article '{slug}'."),
        };
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
