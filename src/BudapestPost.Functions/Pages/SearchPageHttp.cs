using BudapestPost.Functions.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>The search page: <c>/search?q=</c> with the API's parameters and checks (<c>GET /api/search</c>).</summary>
public sealed class SearchPageHttp(SearchPages pages, IOptions<ReadCacheOptions> cacheOptions)
{
    [Function(nameof(GetSearchPage))]
    public async Task<IActionResult> GetSearchPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "search")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new PageResult(await pages.SearchAsync(request.Query, cancellationToken), cacheOptions.Value.FreshFor);
}
