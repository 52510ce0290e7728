using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Editors;

/// <summary>The audit log for admins, newest first.</summary>
public sealed class AuditHttp(AuditLog log)
{
    [Function(nameof(ListAudit))]
    [RequiresRole(EditorRole.Admin)]
    public async Task<IActionResult> ListAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryReadLimit(request, out var limit, out var problem))
        {
            return problem;
        }

        var continuation = request.Query["continuation"].ToString();
        var page = await log.ListAsync(limit, continuation.Length == 0 ? null : continuation, cancellationToken);
        return page is null ? Problems.InvalidContinuation() : new OkObjectResult(page);
    }
}
