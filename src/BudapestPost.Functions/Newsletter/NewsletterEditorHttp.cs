using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Editors;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Newsletter;

/// <summary>Admins' endpoints: subscriber counts, and erasure of an address on request (both audited).</summary>
public sealed class NewsletterEditorHttp(NewsletterSubscriptions subscriptions)
{
    [Function(nameof(CountNewsletterSubscribers))]
    [RequiresRole(EditorRole.Admin)]
    [Audited("newsletter.counts")]
    public async Task<IActionResult> CountNewsletterSubscribers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/newsletter/subscribers/counts")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var counts = await subscriptions.CountAsync(cancellationToken);
        return new OkObjectResult(new { byStatus = counts.ByStatus, subscribedByTopic = counts.ByTopic });
    }

    /// <summary><c>{"email"}</c>: deletes every row about the address. The address is sent in the body so it stays out of URL logs.</summary>
    [Function(nameof(EraseNewsletterSubscriber))]
    [RequiresRole(EditorRole.Admin)]
    [Audited("newsletter.erase")]
    public async Task<IActionResult> EraseNewsletterSubscriber(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/newsletter/erasures")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, "application/json", NewsletterHttp.BodyMaxBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        var parsed = SubscriptionRequestParser.ParseErasure(body!);
        if (!parsed.IsValid)
        {
            return Problems.Validation(parsed.Errors, "Nothing was erased.");
        }
        var rows = await subscriptions.EraseAsync(parsed.Value!, cancellationToken);
        return new OkObjectResult(new { found = rows > 0, rowsDeleted = rows });
    }
}
