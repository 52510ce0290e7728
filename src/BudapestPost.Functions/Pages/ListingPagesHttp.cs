using BudapestPost.Functions.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>A section's and a tag's articles, newest first, paged with the listing's continuation tokens; and the corrections log.</summary>
public sealed class ListingPagesHttp(ListingPages pages, IOptions<ReadCacheOptions> cacheOptions)
{
    private readonly TimeSpan _freshFor = cacheOptions.Value.FreshFor;

    [Function(nameof(GetSectionPage))]
    public async Task<IActionResult> GetSectionPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "sections/{section}")] HttpRequest request,
        string section,
        CancellationToken cancellationToken) =>
        new PageResult(await pages.SectionAsync(section, Continuation(request), cancellationToken), _freshFor);

    [Function(nameof(GetTagPage))]
    public async Task<IActionResult> GetTagPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "tags/{tag}")] HttpRequest request,
        string tag,
        CancellationToken cancellationToken) =>
        new PageResult(await pages.TagAsync(tag, Continuation(request), cancellationToken), _freshFor);

    [Function(nameof(GetCorrectionsPage))]
    public async Task<IActionResult> GetCorrectionsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "corrections")] HttpRequest request,
        CancellationToken cancellationToken) =>
        new PageResult(await pages.CorrectionsAsync(Continuation(request), cancellationToken), _freshFor);

    private static string? Continuation(HttpRequest request) =>
        request.Query["continuation"].ToString() is { Length: > 0 } token ? token : null;
}
