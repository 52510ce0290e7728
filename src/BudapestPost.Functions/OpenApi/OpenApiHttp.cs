using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.OpenApi;

public sealed class OpenApiHttp
{
    [Function(nameof(GetOpenApiDocument))]
    public IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        HttpCaching.Cacheable(request, OpenApiDocumentResource.ETag, () => new ContentResult
        {
            Content = OpenApiDocumentResource.Json,
            ContentType = "application/json; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        });
}
