using System.Buffers.Text;
using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Site;
using BudapestPost.Site.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Templates = BudapestPost.Site.Pages;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// The newsletter's pages: the sign-up, the steps of double opt-in the emails lead to, and the two buttons that act
/// on a link's token. Following a link never changes anything by itself (mail scanners follow links): the confirm
/// and unsubscribe pages show a button that posts the token.
/// </summary>
public sealed class NewsletterPages(
    NewsletterSubscriptions subscriptions,
    NewsletterLinks links,
    NewsletterForms forms,
    PageFrames frames,
    ErrorPages errors,
    PageRenderer renderer,
    ReadThroughCache cache,
    IOptions<NewsletterOptions> options)
{
    public const string Path = "/newsletter";
    public const string CheckYourEmail = "check-your-email";
    public const string Confirm = "confirm";
    public const string Unsubscribe = "unsubscribe";

    private static readonly string[] TextFields = ["email", "name"];

    /// <summary>The sign-up page: empty, or as a refused sign-up left it (with <paramref name="status"/> 4xx or 503).</summary>
    public async Task<PageAnswer> SignUpPageAsync(FormState state, int status, CancellationToken cancellationToken, TimeSpan? retryAfter = null)
    {
        var framed = await frames.CurrentAsync(cancellationToken);
        var model = new NewsletterPageModel(framed.Frame,
            new PageHead(state.HasErrors ? "Error: Newsletter" : "Newsletter", "Sign up for the Budapest Post newsletter.", Path, Indexable: !state.HasErrors),
            forms.With(state));
        if (state.HasErrors)
        {
            return PageAnswer.With(status, CompressedContent.Html(await renderer.RenderAsync<Templates.NewsletterPage>(model)), retryAfter);
        }
        return PageAnswer.Ok(await cache.GetOrLoadAsync($"page/newsletter/{framed.Version}/{forms.Version}",
            async () => CompressedContent.Html(await renderer.RenderAsync<Templates.NewsletterPage>(model)), page => page.SizeInBytes, cancellationToken));
    }

    /// <summary>
    /// A sign-up from the form: the API's parser and <see cref="NewsletterSubscriptions"/> with its limits. Taken: 303 to
    /// "check your email", the same whatever the address's state. Refused: the form again with the reasons (400), or
    /// with when to try again (429).
    /// </summary>
    public async Task<PageAnswer> SignUpAsync(FormPost form, string clientAddress, CancellationToken cancellationToken)
    {
        var parsed = SubscriptionRequestParser.Parse(PageForms.Json(form.Fields!, TextFields, NewsletterFormModel.TopicsField), options.Value.TopicSet);
        if (!parsed.IsValid)
        {
            return await SignUpPageAsync(PageForms.State(form.Fields!, parsed.Errors), StatusCodes.Status400BadRequest, cancellationToken);
        }
        var result = await subscriptions.SignUpAsync(parsed.Value, clientAddress, cancellationToken);
        return result.Outcome switch
        {
            SignUpOutcome.Accepted => PageAnswer.SeeOther($"{Path}/{CheckYourEmail}"),
            _ => await SignUpPageAsync(
                PageForms.State(form.Fields!, [], $"Too many sign-ups from this address. Please try again in {ErrorPages.Wait(result.RetryAfter)}."),
                StatusCodes.Status429TooManyRequests, cancellationToken, result.RetryAfter),
        };
    }

    /// <summary>A step of the newsletter's pages, <c>/newsletter/{step}</c>; the confirm and unsubscribe steps take the link's token.</summary>
    public async Task<PageAnswer> StepAsync(string step, string? token, CancellationToken cancellationToken)
    {
        var frame = (await frames.CurrentAsync(cancellationToken)).Frame;
        var path = $"{Path}/{step}";
        MessagePageModel? model = step switch
        {
            Confirm when NewsletterToken.IsWellFormed(token) => new(frame, Head("Confirm your subscription", path),
                "Confirm your subscription", ["Press the button to start getting the newsletter."],
                new ButtonFormModel(path, "Confirm my subscription", new Dictionary<string, string> { ["token"] = token! })),
            Unsubscribe when token is { Length: > 0 and <= 200 } && Base64Url.IsValid(token) => new(frame, Head("Unsubscribe", path),
                "Unsubscribe from the newsletter", ["Press the button to stop getting the newsletter."],
                new ButtonFormModel($"/api/{NewsletterLinks.UnsubscribeRoute}?token={Uri.EscapeDataString(token)}", "Unsubscribe", new Dictionary<string, string>())),
            Confirm or Unsubscribe or "link-expired" => LinkExpired(frame, path),
            "confirmed" => new(frame, Head("You are subscribed", path), "You are subscribed",
                ["Thank you for confirming your address. The newsletter arrives each morning, and every email has a link to unsubscribe."],
                Links: [new Link("Latest news", "/")]),
            "unsubscribed" => new(frame, Head("You are unsubscribed", path), "You are unsubscribed",
                ["You will get no more newsletters. You can sign up again at any time."],
                Links: [new Link("Newsletter", Path), new Link("Latest news", "/")]),
            CheckYourEmail => new(frame, Head("Check your email", path), "Check your email",
                ["If this address can receive the newsletter, a confirmation email is on its way. Follow the link in it to subscribe."],
                Links: [new Link("Latest news", "/")], Region: "newsletter-form"),
            _ => null,
        };
        if (model is null)
        {
            return await errors.NotFoundAsync(path, cancellationToken);
        }
        var page = CompressedContent.Html(await renderer.RenderAsync<Templates.MessagePage>(model));
        // A page with a token is for its reader alone; an incomplete link is a 400.
        return model.Button is not null ? PageAnswer.With(StatusCodes.Status200OK, page)
            : step is Confirm or Unsubscribe ? PageAnswer.With(StatusCodes.Status400BadRequest, page)
            : PageAnswer.Ok(page);
    }

    /// <summary>The confirm page's button: subscribes the token's address, then 303 to the confirmed or link-expired page.</summary>
    public async Task<PageAnswer> ConfirmAsync(FormPost form, CancellationToken cancellationToken)
    {
        var token = form.Fields!.GetValueOrDefault("token");
        var confirmed = token.Count == 1 && await subscriptions.ConfirmAsync(token.ToString(), cancellationToken);
        return PageAnswer.SeeOther((confirmed ? links.ConfirmedPage : links.LinkExpiredPage).AbsoluteUri);
    }

    private static PageHead Head(string title, string path) => new(title, title + ".", path, Indexable: false);

    private static MessagePageModel LinkExpired(SiteFrame frame, string path) => new(frame, Head("This link has expired", path),
        "This link has expired",
        ["A confirmation link works for a limited time, and only the newest one sent to an address does. Sign up again to get a new link."],
        Links: [new Link("Sign up again", Path)]);
}
