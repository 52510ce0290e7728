using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Site;

/// <summary>
/// The public website the API serves, bound from the "Site" section (app settings <c>Site__BaseUrl</c>,
/// ...) and validated at start. The defaults suit a local run against a website on localhost.
/// </summary>
public sealed class SiteOptions : IValidatableObject
{
    public const string SectionName = "Site";

    /// <summary>Absolute http(s) URL of the website's root, without query or fragment (checked in <see cref="Validate"/>).</summary>
    public string BaseUrl { get; set; } = "http://localhost:3000";

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
