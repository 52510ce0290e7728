using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using BudapestPost.Site.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>An article's page, and its report form, which works without script: a form post, then a 303 to the receipt.</summary>
public sealed class ArticlePageHttp(ArticlePages pages, ErrorPages errors, IOptions<ReadCacheOptions> cacheOptions, ClientAddress clientAddress)
{
    private readonly TimeSpan _freshFor = cacheOptions.Value.FreshFor;

    [Function(nameof(GetArticlePage))]
    public Task<IActionResult> GetArticlePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "articles/{slug}")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) =>
        OfSlugAsync(request, slug, () => pages.ArticleAsync(slug, cancellationToken), cancellationToken);

    [Function(nameof(GetReportPage))]
    public Task<IActionResult> GetReportPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "articles/{slug}/report")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) =>
        OfSlugAsync(request, slug, () => pages.ReportFormAsync(slug, FormState.Empty, StatusCodes.Status200OK, cancellationToken), cancellationToken);

    /// <summary>The report form's post: the same validation, limits and intake as <c>POST /api/articles/{slug}/feedback</c>.</summary>
    [Function(nameof(PostReport))]
    public async Task<IActionResult> PostReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "articles/{slug}/report")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug))
        {
            return new PageResult(await errors.NotFoundAsync(request.Path, cancellationToken), _freshFor);
        }
        var form = await PageForms.ReadAsync(request, FeedbackLimits.BodyMaxBytes, cancellationToken);
        if (form.RefusedStatus is not null)
        {
            return new PageResult(await errors.RefusedFormAsync(request.Path, form, cancellationToken), _freshFor);
        }

        var answer = await pages.ReportAsync(slug, form, clientAddress.Resolve(request), request.Headers.UserAgent.ToString(), cancellationToken);
        return new PageResult(answer, _freshFor);
    }

    [Function(nameof(GetReportReceivedPage))]
    public Task<IActionResult> GetReportReceivedPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "articles/{slug}/reported")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken) =>
        OfSlugAsync(request, slug, () => pages.ReportedAsync(slug, cancellationToken), cancellationToken);

    // A page of an article: a slug that cannot be one names no page.
    private async Task<IActionResult> OfSlugAsync(HttpRequest request, string slug, Func<Task<PageAnswer>> page, CancellationToken cancellationToken) =>
        new PageResult(Slug.IsValid(slug) ? await page() : await errors.NotFoundAsync(request.Path, cancellationToken), _freshFor);
}
