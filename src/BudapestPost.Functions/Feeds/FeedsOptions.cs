using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Feeds;

/// <summary>Where the feeds and sitemaps are served, for their self links and the sitemap index.</summary>
public sealed class FeedsOptions
{
    public const string Section = "Feeds";

    /// <summary>The public URL of the API, ending in <c>/api/</c>; feeds are under <c>feeds/</c>, sitemaps under <c>sitemaps/</c>.</summary>
    [Required, Url] public string PublicApiUrl { get; set; } = "http://127.0.0.1:7071/api/";

    public string Url(string path) => PublicApiUrl.TrimEnd('/') + "/" + path;
}
