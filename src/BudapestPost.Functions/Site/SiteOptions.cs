using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Site;

/// <summary>
/// The public website, bound from the "Site" section (app settings <c>Site__BaseUrl</c>, ...) and validated at start.
/// By default the app serves the website itself, at its own host's root.
/// </summary>
public sealed class SiteOptions : IValidatableObject
{
    public const string SectionName = "Site";

    /// <summary>Where a local run listens (the DevHost's and Core Tools' default port).</summary>
    public const string LocalBaseUrl = "http://127.0.0.1:7071";

    /// <summary>
    /// Absolute http(s) URL of the website's root, without query or fragment (checked in <see cref="Validate"/>).
    /// Unset, it is this app's own host (<see cref="DefaultBaseUrl"/>), where it serves the website's pages.
    /// </summary>
    public string BaseUrl { get; set; } = "";

    /// <summary>
    /// Whether this app serves the website's pages at its host's root. Off (<c>Site__ServePages=false</c>) when a
    /// separate front end serves <see cref="BaseUrl"/>: the pages' routes then answer 404, and the API is unchanged.
    /// </summary>
    public bool ServePages { get; set; } = true;

    [Required, StringLength(100)]
    public string Title { get; set; } = "Budapest Post";

    [Required, StringLength(300)]
    public string Description { get; set; } = "News from Budapest and Europe, written with AI and checked by readers.";

    /// <summary>BCP 47 language tag of the content, e.g. <c>en</c> or <c>en-GB</c>.</summary>
    [Required, RegularExpression("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    public string Language { get; set; } = "en";

    [Required, StringLength(100)]
    public string PublicationName { get; set; } = "Budapest Post";

    /// <summary>Path of an article's canonical page under <see cref="BaseUrl"/>; must contain <c>{slug}</c>.</summary>
    [Required]
    public string ArticlePathPattern { get; set; } = "/articles/{slug}";

    /// <summary>The app's own address: <c>https://</c> and the host name Azure sets in <c>WEBSITE_HOSTNAME</c>, or the local one.</summary>
    public static string DefaultBaseUrl(string? websiteHostName) =>
        string.IsNullOrEmpty(websiteHostName) ? LocalBaseUrl : "https://" + websiteHostName;

    /// <summary>The canonical address of an article's page on the website.</summary>
    public Uri ArticleUrl(string slug) =>
        new($"{BaseUrl.TrimEnd('/')}/{ArticlePathPattern.TrimStart('/').Replace("{slug}", Uri.EscapeDataString(slug), StringComparison.Ordinal)}");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var baseUrl)
            || baseUrl.Scheme is not ("http" or "https")
            || baseUrl.Query.Length > 0
            || baseUrl.Fragment.Length > 0)
        {
            yield return new ValidationResult(
                $"Site:BaseUrl '{BaseUrl}' is not an absolute http(s) URL without query or fragment; set Site__BaseUrl (azd: SITE_BASE_URL) to the website's address, e.g. https://budapestpost.example.",
                [nameof(BaseUrl)]);
        }
        if (!ArticlePathPattern.Contains("{slug}", StringComparison.Ordinal))
        {
            yield return new ValidationResult(
                $"Site:ArticlePathPattern '{ArticlePathPattern}' has no {{slug}} placeholder, e.g. /articles/{{slug}}.",
                [nameof(ArticlePathPattern)]);
        }
    }
}
