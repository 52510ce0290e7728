using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Site;

/// <summary>The public website: where articles live and what the publication is called.</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    [Required, Url] public string BaseUrl { get; set; } = "http://localhost:3000";

    [Required] public string Title { get; set; } = "Budapest Post";

    [Required] public string Description { get; set; } = "News from Budapest and beyond";

    [Required] public string Language { get; set; } = "en";

    [Required] public string PublicationName { get; set; } = "Budapest Post";

    [Required] public string ArticleUrlPattern { get; set; } = "{baseUrl}/articles/{slug}";

    public string ArticleUrl(string slug) =>
        ArticleUrlPattern.Replace("{baseUrl}", BaseUrl.TrimEnd('/'), StringComparison.Ordinal)
            .Replace("{slug}", slug, StringComparison.Ordinal);
}
