using System.Text.Json;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Taxonomy;

/// <summary>A list of tags or sections with their counts of published articles.</summary>
public sealed record TaxonomyList(IReadOnlyList<TaxonomyCount> Items);

/// <summary>Tags and sections with how many published articles each has, kept as articles are published.</summary>
public sealed class TaxonomyHttp(ArticleCatalog catalog, IOptions<ReadCacheOptions> cacheOptions)
{
    [Function(nameof(ListTags))]
    public Task<IActionResult> ListTags(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/tags")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ListAsync(request, CatalogListings.TagsPartition, cancellationToken);

    [Function(nameof(ListSections))]
    public Task<IActionResult> ListSections(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/sections")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ListAsync(request, CatalogListings.SectionsPartition, cancellationToken);

    private async Task<IActionResult> ListAsync(HttpRequest request, string taxonomy, CancellationToken cancellationToken)
    {
        var list = new TaxonomyList(await catalog.Listings.CountsAsync(taxonomy, cancellationToken));
        var etag = HttpCaching.StrongETag(JsonSerializer.Serialize(list));
        return HttpCaching.Cacheable(request, etag, cacheOptions.Value.FreshFor, () => new OkObjectResult(list));
    }
}
