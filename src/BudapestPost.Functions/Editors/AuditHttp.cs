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
    public Task<IActionResult> ListAudit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/audit")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Paging.ListAsync(request, (limit, continuation) => log.ListAsync(limit, continuation, cancellationToken));
}
