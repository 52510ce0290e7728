using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Feeds;

/// <summary>Where the feeds and sitemaps are served, for their self links and the sitemap index.</summary>
public sealed class FeedsOptions
{
    public const string SectionName = "Feeds";

    /// <summary>
    /// The public URL of the API, ending in <c>/api/</c>; feeds are under <c>feeds/</c>, sitemaps
    /// under <c>sitemaps/</c>. Unset, it is the app's own host name (<c>WEBSITE_HOSTNAME</c>, which
    /// Azure sets) or, locally, the DevHost's default address.
    /// </summary>
    [Required, Url] public string? PublicApiUrl { get; set; }

    public string Url(string path) => PublicApiUrl!.TrimEnd('/') + "/" + path;

    public static string DefaultPublicApiUrl(string? websiteHostName) =>
        string.IsNullOrEmpty(websiteHostName) ? "http://127.0.0.1:7071/api/" : $"https://{websiteHostName}/api/";
}
