using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Site;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>The addresses the newsletter's emails and redirects point to: website pages, and the API's one-click unsubscribe.</summary>
public sealed class NewsletterLinks(IOptions<NewsletterOptions> options, IOptions<SiteOptions> site, IConfiguration configuration)
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

    private Uri Api(string route, string token)
    {
        // WEBSITE_HOSTNAME is set by App Service on every instance: the app's own public host name.
        var baseUrl = string.IsNullOrEmpty(_options.ApiBaseUrl) ? "https://" + configuration["WEBSITE_HOSTNAME"] : _options.ApiBaseUrl;
        return new Uri($"{baseUrl.TrimEnd('/')}/api/{route}?token={Uri.EscapeDataString(token)}");
    }
}
