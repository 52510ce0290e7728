using BudapestPost.Core.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Editors;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Articles;

/// <summary>The articles API: browse, read, and publish article files.</summary>
public sealed class ArticlesHttp(ArticleReader reader, ArticleFiles files, IOptions<ReadCacheOptions> cacheOptions)
{
    private readonly TimeSpan _freshFor = cacheOptions.Value.FreshFor;

    [Function(nameof(ListArticles))]
    public async Task<IActionResult> ListArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/articles")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryReadLimit(request, out var limit, out var problem))
        {
            return problem;
        }
        if (!TryReadSlug(request, "tag", out var tag, out problem) || !TryReadSlug(request, "section", out var section, out problem))
        {
            return problem;
        }
        if (tag is not null && section is not null)
        {
            return Problems.Validation("section", "Give a tag or a section, not both.");
        }

        var page = await reader.ListAsync(tag, section, limit, NullIfEmpty(request.Query["continuation"]), cancellationToken);
        return page is null ? Problems.InvalidContinuation() : HttpCaching.Cacheable(request, page, _freshFor);
    }

    [Function(nameof(GetArticle))]
    public async Task<IActionResult> GetArticle(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/articles/{slug}")] HttpRequest request,
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
            ArticleLookupOutcome.Found => HttpCaching.Cacheable(request, lookup.Body!, _freshFor),
            ArticleLookupOutcome.Retracted => Problems.Gone($"The article '{slug}' was retracted."),
            _ => Problems.ArticleNotFound(slug),
        };
    }

    [Function(nameof(PutArticle))]
    [Audited("articles.put")]
    public async Task<IActionResult> PutArticle(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = "api/articles/{slug}")] HttpRequest request,
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
        var (content, problem) = await RequestBody.ReadAsync(request, "text/markdown", ArticleFileLimits.MaxFileBytes, cancellationToken);
        if (problem is not null)
        {
            return (null, null, problem);
        }
        var parsed = ArticleParser.Parse(ArticleFiles.BlobName(slug), content!);
        return parsed.IsValid
            ? (content, parsed.Value, null)
            : (null, null, Problems.Validation(parsed.Errors, "The article file is invalid; nothing was stored."));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>An optional query value that must be a slug when given.</summary>
    private static bool TryReadSlug(HttpRequest request, string name, out string? value, out IActionResult problem)
    {
        value = NullIfEmpty(request.Query[name]);
        problem = Problems.InvalidSlug(name);
        return value is null || Slug.IsValid(value);
    }
}
