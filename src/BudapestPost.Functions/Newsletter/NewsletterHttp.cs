using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>The reader-facing newsletter endpoints: sign up, confirm, unsubscribe in one click.</summary>
public sealed class NewsletterHttp(NewsletterSubscriptions subscriptions, NewsletterLinks links, IOptions<NewsletterOptions> options)
{
    public const int BodyMaxBytes = 4 * 1024;

    /// <summary>The one answer every accepted sign-up gets, whatever the address's state.</summary>
    public static readonly object Accepted = new
    {
        status = "accepted",
        detail = "If this address can receive the newsletter, a confirmation email is on its way; follow its link to subscribe.",
    };

    [Function(nameof(SubscribeToNewsletter))]
    public async Task<IActionResult> SubscribeToNewsletter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/newsletter/subscriptions")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, "application/json", BodyMaxBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var parsed = SubscriptionRequestParser.Parse(body!, options.Value.TopicSet);
        if (!parsed.IsValid)
        {
            return Problems.Validation(parsed.Errors, "The sign-up is invalid; nothing was stored.");
        }

        var result = await subscriptions.SignUpAsync(parsed.Value!, ClientAddress.Resolve(request), cancellationToken);
        return result.Outcome switch
        {
            SignUpOutcome.Accepted => new AcceptedResult((string?)null, Accepted),
            _ => new RetryAfterResult(Problems.Create(StatusCodes.Status429TooManyRequests, "rate-limited",
                "Too many sign-ups.", "Too many sign-ups from this address; try again later."), result.RetryAfter),
        };
    }

    /// <summary>
    /// The link older confirmation emails carry (new ones link to the website's confirm page, whose button posts the
    /// token): always a redirect to a page of the website, never an API error page.
    /// </summary>
    [Function(nameof(ConfirmNewsletterSubscription))]
    public async Task<IActionResult> ConfirmNewsletterSubscription(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/" + NewsletterLinks.ConfirmRoute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var confirmed = await subscriptions.ConfirmAsync(request.Query["token"].ToString(), cancellationToken);
        return new SeeOtherResult(confirmed ? links.ConfirmedPage : links.LinkExpiredPage);
    }

    /// <summary>RFC 8058 one-click unsubscribe (mail clients POST <c>List-Unsubscribe=One-Click</c>); the body is not needed.</summary>
    [Function(nameof(UnsubscribeFromNewsletter))]
    public async Task<IActionResult> UnsubscribeFromNewsletter(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/" + NewsletterLinks.UnsubscribeRoute)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var unsubscribed = await subscriptions.UnsubscribeAsync(request.Query["token"].ToString(), cancellationToken);
        return new SeeOtherResult(unsubscribed ? links.UnsubscribedPage : links.LinkExpiredPage);
    }
}

/// <summary>303 See Other: after a link or form post, the browser GETs the page at <paramref name="location"/>.</summary>
public sealed class SeeOtherResult(Uri location) : IActionResult
{
    public Uri Location { get; } = location;

    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.HttpContext.Response.Headers.Location = Location.AbsoluteUri;
        return Task.CompletedTask;
    }
}
