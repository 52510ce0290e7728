using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Site;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>
/// The addresses the newsletter's emails and redirects point to: website pages, and the API's one-click unsubscribe,
/// all on the public base readers reach (the website's, or <see cref="NewsletterOptions.ApiBaseUrl"/> for the API),
/// never the function app's own host name, which answers only Front Door when Front Door is in front of it.
/// </summary>
public sealed class NewsletterLinks(IOptions<NewsletterOptions> options, IOptions<SiteOptions> site)
{
    public const string ConfirmRoute = "newsletter/confirm";
    public const string UnsubscribeRoute = "newsletter/unsubscribe";

    private readonly NewsletterOptions _options = options.Value;

    public Uri ConfirmedPage => Page(_options.ConfirmedPage);

    public Uri LinkExpiredPage => Page(_options.LinkExpiredPage);

    public Uri UnsubscribedPage => Page(_options.UnsubscribedPage);

    /// <summary>The confirmation email's link: the website's confirm page with the token.</summary>
    public Uri Confirm(string token) => new(Page(_options.ConfirmPage) + "?token=" + Uri.EscapeDataString(token));

    public MailLinks ForSubscriber(string unsubscribeToken) => new(
        site.Value.PublicationName,
        Page("/"),
        Api(UnsubscribeRoute, unsubscribeToken),
        new Uri(Page(_options.UnsubscribePage) + "?token=" + unsubscribeToken));

    public Uri Article(string slug) => site.Value.ArticleUrl(slug);

    private Uri Page(string path) => new($"{site.Value.BaseUrl.TrimEnd('/')}/{path.TrimStart('/')}");

    // Without a base of its own the API is where the website is: this app serves both at one public address.
    private Uri Api(string route, string token) =>
        new($"{(string.IsNullOrEmpty(_options.ApiBaseUrl) ? site.Value.BaseUrl : _options.ApiBaseUrl).TrimEnd('/')}/api/{route}?token={Uri.EscapeDataString(token)}");
}
