using BudapestPost.Functions.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>The site's stylesheet, script and icons, and <c>/robots.txt</c>: all from memory.</summary>
public sealed class SiteFilesHttp(SiteFiles files, ErrorPages errors, IOptions<ReadCacheOptions> cacheOptions)
{
    private readonly TimeSpan _freshFor = cacheOptions.Value.FreshFor;

    [Function(nameof(GetSiteAsset))]
    public async Task<IActionResult> GetSiteAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "assets/{file}")] HttpRequest request,
        string file,
        CancellationToken cancellationToken)
    {
        var answer = files.Asset(file) is { } asset
            ? PageAnswer.Ok(asset) with { CacheControl = SiteFiles.Immutable }
            : await errors.NotFoundAsync(request.Path, cancellationToken);
        return new PageResult(answer, _freshFor);
    }

    [Function(nameof(GetFavicon))]
    public IActionResult GetFavicon(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "favicon.ico")] HttpRequest request) =>
        new PageResult(PageAnswer.Ok(files.LegacyIcon) with { CacheControl = SiteFiles.Daily }, _freshFor);

    [Function(nameof(GetRobotsTxt))]
    public IActionResult GetRobotsTxt(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "robots.txt")] HttpRequest request) =>
        new PageResult(PageAnswer.Ok(files.Robots), _freshFor);
}
