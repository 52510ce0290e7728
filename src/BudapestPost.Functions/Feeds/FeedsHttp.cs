using System.Text.RegularExpressions;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Editors;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feeds;

/// <summary>
/// Serves the feeds and sitemaps rendered from their state blobs, through the read cache: a GET never
/// reads the catalog. Strong ETags (over the rendered bytes), <c>If-None-Match</c> → 304, and the CDN
/// caching of every anonymous read. Also the admin rebuild of every feed and sitemap.
/// </summary>
public sealed partial class FeedsHttp(FeedBlobs blobs, FeedRenderer renderer, FeedRebuilder rebuilder, IOptions<ReadCacheOptions> cacheOptions)
{
    [Function(nameof(GetFeed))]
    public Task<IActionResult> GetFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/feeds/{file}")] HttpRequest request,
        string file,
        CancellationToken cancellationToken) =>
        ServeFeedAsync(request, file, name => renderer.Feed(FeedScope.Site, name), "", cancellationToken);

    [Function(nameof(GetTagFeed))]
    public Task<IActionResult> GetTagFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/feeds/tags/{tag}/{file}")] HttpRequest request,
        string tag,
        string file,
        CancellationToken cancellationToken) =>
        ServeNamedFeedAsync(request, FeedScope.Tag(tag), "tag", file, cancellationToken);

    [Function(nameof(GetSectionFeed))]
    public Task<IActionResult> GetSectionFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/feeds/sections/{section}/{file}")] HttpRequest request,
        string section,
        string file,
        CancellationToken cancellationToken) =>
        ServeNamedFeedAsync(request, FeedScope.Section(section), "section", file, cancellationToken);

    [Function(nameof(GetCorrectionsFeed))]
    public Task<IActionResult> GetCorrectionsFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/feeds/corrections/{file}")] HttpRequest request,
        string file,
        CancellationToken cancellationToken) =>
        ServeFeedAsync(request, file, renderer.CorrectionsFeed, " of corrections yet", cancellationToken);

    [Function(nameof(GetSitemap))]
    public async Task<IActionResult> GetSitemap(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sitemaps/{file}")] HttpRequest request,
        string file,
        CancellationToken cancellationToken)
    {
        if (!SitemapName().IsMatch(file) || renderer.Sitemap(file) is not { } sitemap)
        {
            return Problems.NotFound($"There is no sitemap '{file}'; the index is sitemaps/index.xml.");
        }
        return await ServeAsync(request, sitemap, $"There is no sitemap '{file}'.", cancellationToken);
    }

    [Function(nameof(RebuildFeeds))]
    [RequiresRole(EditorRole.Admin)]
    [Audited("feeds.rebuild")]
    public async Task<IActionResult> RebuildFeeds(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/admin/feeds/rebuild")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new OkObjectResult(await rebuilder.RebuildAsync(cancellationToken));

    private Task<IActionResult> ServeNamedFeedAsync(HttpRequest request, FeedScope scope, string field, string file, CancellationToken cancellationToken) =>
        Slug.IsValid(scope.Name)
            ? ServeFeedAsync(request, file, name => renderer.Feed(scope, name), $" for the {field} '{scope.Name}'", cancellationToken)
            : Task.FromResult(Problems.InvalidSlug(field));

    private Task<IActionResult> ServeFeedAsync(
        HttpRequest request, string file, Func<string, Rendering> rendering, string whose, CancellationToken cancellationToken) =>
        FeedFiles.FeedContentType(file) is null
            ? Task.FromResult(Problems.NotFound($"There is no feed '{file}'; feeds are {FeedFiles.Rss}, {FeedFiles.Atom} and {FeedFiles.Json}."))
            : ServeAsync(request, rendering(file), $"There is no feed{whose}.", cancellationToken);

    private async Task<IActionResult> ServeAsync(HttpRequest request, Rendering rendering, string notFound, CancellationToken cancellationToken)
    {
        if (await blobs.ReadServedAsync(rendering, cancellationToken) is not { } file)
        {
            return Problems.NotFound(notFound);
        }
        return HttpCaching.Cacheable(request, file.ETag, cacheOptions.Value.FreshFor, () => new FileContentResult(file.Content, file.ContentType));
    }

    [GeneratedRegex(@"^(index|news|\d{4}-\d{2}(-\d{1,6})?)\.xml\z", RegexOptions.CultureInvariant)]
    private static partial Regex SitemapName();
}
