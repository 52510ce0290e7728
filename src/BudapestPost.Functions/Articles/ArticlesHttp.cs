using BudapestPost.Core.Articles;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Articles;

/// <summary>The articles API: browse, read, and publish article files.</summary>
public sealed class ArticlesHttp(ArticleReader reader, ArticleFiles files)
{
    [Function(nameof(ListArticles))]
    public async Task<IActionResult> ListArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "articles")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryReadLimit(request, out var limit, out var problem))
        {
            return problem;
        }
        var tag = NullIfEmpty(request.Query["tag"]);
        if (tag is not null && !Slug.IsValid(tag))
        {
            return Problems.InvalidSlug("tag");
        }

        var page = await reader.ListAsync(tag, limit, NullIfEmpty(request.Query["continuation"]), cancellationToken);
        return page is null ? Problems.InvalidContinuation() : new OkObjectResult(page);
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

        var lookup = await reader.GetAsync(slug, cancellationToken);
        return lookup.Outcome switch
        {
            ArticleLookupOutcome.Found => HttpCaching.Cacheable(request, lookup.ETag!, () => new OkObjectResult(lookup.Article)),
            ArticleLookupOutcome.Retracted => Problems.Gone($"The article '{slug}' was retracted."),
            _ => Problems.NotFound($"There is no published article '{slug}'."),
        };
    }

    [Function(nameof(PutArticle))]
    public async Task<IActionResult> PutArticle(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "articles/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        var (content, article, problem) = await ReadArticleFileAsync(request, slug, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await files.UploadAsync(slug, content!, cancellationToken);
        return new AcceptedResult(ArticleUrls.Article(slug), new { slug, contentHash = article!.ContentHash, status = "accepted" });
    }

    // The same validation the publishing trigger applies, so a PUT that is accepted will publish.
    private static async Task<(byte[]? Content, Article? Article, IActionResult? Problem)> ReadArticleFileAsync(
        HttpRequest request, string slug, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug))
        {
            return (null, null, Problems.InvalidSlug("slug"));
        }
        if (!RequestBody.HasMediaType(request, "text/markdown"))
        {
            return (null, null, Problems.UnsupportedMediaType("text/markdown"));
        }
        var content = await RequestBody.ReadBoundedAsync(request, ArticleFileLimits.MaxFileBytes, cancellationToken);
        if (content is null)
        {
            return (null, null, Problems.PayloadTooLarge(ArticleFileLimits.MaxFileBytes));
        }
        var parsed = ArticleParser.Parse(ArticleFiles.BlobName(slug), content);
        return parsed.IsValid
            ? (content, parsed.Value, null)
            : (null, null, Problems.Validation(parsed.Errors, "The article file is invalid; nothing was stored."));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
