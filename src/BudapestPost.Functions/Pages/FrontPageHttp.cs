using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// The front page, at the host's root. Its route takes every path: the host tries it last (a catch-all is the least
/// specific route), so it also answers every address no other function serves — with the site's 404 page, or with the
/// API's 404 problem under <c>/api/</c>.
/// </summary>
public sealed class FrontPageHttp(ListingPages pages, ErrorPages errors, IOptions<ReadCacheOptions> cacheOptions)
{
    [Function(nameof(GetFrontPage))]
    public async Task<IActionResult> GetFrontPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "{*path}")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var path = request.Path.Value ?? "/";
        if (path is "/api" || path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return Problems.NotFound($"There is no API route {path}; the API's routes are listed at /api/openapi.json.");
        }
        var continuation = request.Query["continuation"].ToString();
        var answer = path is "/" or ""
            ? await pages.FrontAsync(continuation.Length == 0 ? null : continuation, cancellationToken)
            : await errors.NotFoundAsync(path, cancellationToken);
        return new PageResult(answer, cacheOptions.Value.FreshFor);
    }
}
