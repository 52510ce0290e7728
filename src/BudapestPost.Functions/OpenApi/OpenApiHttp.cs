using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.OpenApi;

/// <summary>The embedded OpenAPI document, cached by browsers and CDN edges as every anonymous read is.</summary>
public sealed class OpenApiHttp(IOptions<ReadCacheOptions> cacheOptions)
{
    [Function(nameof(GetOpenApiDocument))]
    public IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/openapi.json")] HttpRequest request) =>
        HttpCaching.Cacheable(request, OpenApiDocumentResource.ETag, cacheOptions.Value.FreshFor, () => new ContentResult
        {
            Content = OpenApiDocumentResource.Json,
            ContentType = "application/json; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        });
}
