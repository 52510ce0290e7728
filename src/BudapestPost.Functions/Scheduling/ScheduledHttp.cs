using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Editors;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Scheduling;

/// <summary>What editors have scheduled.</summary>
public sealed class ScheduledHttp(ArticleCatalog catalog)
{
    [Function(nameof(ListScheduledArticles))]
    [RequiresRole(EditorRole.Editor)]
    public Task<IActionResult> ListScheduledArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/scheduled")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Paging.ListAsync(request, (limit, continuation) => catalog.Schedule.ListAsync(limit, continuation, cancellationToken));
}
