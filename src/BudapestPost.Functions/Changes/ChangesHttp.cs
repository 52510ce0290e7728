using System.Globalization;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Changes;

/// <summary>One change: <c>cursor</c> continues right after it.</summary>
public sealed record ChangeItem(string Cursor, string Slug, string Change, DateTimeOffset At);

/// <summary>A page of changes, oldest first; <c>next</c> continues after the last (or stays put when there was none).</summary>
public sealed record ChangePage(IReadOnlyList<ChangeItem> Changes, string Next);

/// <summary>
/// The change feed for apps and mirrors that keep a copy: what was published, updated,
/// retracted or unpublished since a cursor. Retractions and unpublished drafts are tombstones.
/// </summary>
public sealed class ChangesHttp(ArticleCatalog catalog)
{
    private const string CursorScope = "changes";

    [Function(nameof(ListChanges))]
    public async Task<IActionResult> ListChanges(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/changes")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!Paging.TryReadLimit(request, out var limit, out var limitProblem))
        {
            return limitProblem!;
        }
        string? since = request.Query["since"];
        if (!TryReadCursor(since, out var after))
        {
            return Problems.Validation("since", "Is not a cursor this feed returned; start again without it.");
        }

        var changes = await catalog.Changes.ReadAsync(after, limit, cancellationToken);
        return new OkObjectResult(new ChangePage(
            changes.Select(c => new ChangeItem(Cursor(c.Sequence), c.Slug, c.Change.ToString().ToLowerInvariant(), c.At)).ToList(),
            Cursor(changes.Count == 0 ? after : changes[^1].Sequence)));
    }

    private static string Cursor(long sequence) =>
        ContinuationToken.Encode(CursorScope, sequence.ToString(CultureInfo.InvariantCulture))!;

    private static bool TryReadCursor(string? cursor, out long after)
    {
        after = 0;
        return string.IsNullOrEmpty(cursor) ||
            (ContinuationToken.TryDecode(cursor, CursorScope, out var text) &&
             long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out after));
    }
}
