using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Site.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// The newsletter's pages: the sign-up (the newsletter box posts here: the same validation and limits as
/// <c>POST /api/newsletter/subscriptions</c>), the pages the emails lead to, and the confirm button's post.
/// </summary>
public sealed class NewsletterPagesHttp(NewsletterPages pages, ErrorPages errors, IOptions<ReadCacheOptions> cacheOptions, ClientAddress clientAddress)
{
    // The confirm button posts a token of 43 characters.
    private const int ConfirmBodyMaxBytes = 1024;

    private readonly TimeSpan _freshFor = cacheOptions.Value.FreshFor;

    [Function(nameof(GetNewsletterPage))]
    public async Task<IActionResult> GetNewsletterPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "newsletter")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new PageResult(await pages.SignUpPageAsync(FormState.Empty, StatusCodes.Status200OK, cancellationToken), _freshFor);

    [Function(nameof(PostNewsletterSignUp))]
    public async Task<IActionResult> PostNewsletterSignUp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "newsletter")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var form = await PageForms.ReadAsync(request, NewsletterHttp.BodyMaxBytes, cancellationToken);
        if (form.RefusedStatus is not null)
        {
            return new PageResult(await errors.RefusedFormAsync(request.Path, form, cancellationToken), _freshFor);
        }

        return new PageResult(await pages.SignUpAsync(form, clientAddress.Resolve(request), cancellationToken), _freshFor);
    }

    /// <summary>The pages the newsletter's emails and redirects lead to: confirm, confirmed, link-expired, unsubscribe, unsubscribed…</summary>
    [Function(nameof(GetNewsletterStepPage))]
    public async Task<IActionResult> GetNewsletterStepPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "newsletter/{step}")] HttpRequest request,
        string step,
        CancellationToken cancellationToken)
    {
        var token = request.Query["token"];
        return new PageResult(await pages.StepAsync(step, token.Count == 1 ? token.ToString() : null, cancellationToken), _freshFor);
    }

    /// <summary>The confirm page's button: the only way a link's token confirms a subscription on the website.</summary>
    [Function(nameof(PostNewsletterConfirmation))]
    public async Task<IActionResult> PostNewsletterConfirmation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "newsletter/confirm")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var form = await PageForms.ReadAsync(request, ConfirmBodyMaxBytes, cancellationToken);
        if (form.RefusedStatus is not null)
        {
            return new PageResult(await errors.RefusedFormAsync(request.Path, form, cancellationToken), _freshFor);
        }

        return new PageResult(await pages.ConfirmAsync(form, cancellationToken), _freshFor);
    }
}
