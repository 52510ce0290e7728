using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Editors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Scheduling;

/// <summary>What editors have scheduled.</summary>
public sealed class ScheduledHttp(ArticleCatalog catalog)
{
    [Function(nameof(ListScheduledArticles))]
    [RequiresRole(EditorRole.Editor)]
    public async Task<IActionResult> ListScheduledArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/scheduled")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryReadLimit(request, out var limit, out var problem))
        {
            return problem;
        }

        var continuation = request.Query["continuation"].ToString();
        var page = await catalog.Schedule.ListAsync(limit, continuation.Length == 0 ? null : continuation, cancellationToken);
        return page is null ? Problems.InvalidContinuation() : new OkObjectResult(page);
    }
}
