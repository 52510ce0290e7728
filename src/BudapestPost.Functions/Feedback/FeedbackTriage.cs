using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Http;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// The editors' side of reader feedback: list reports, read one, and move it through triage under
/// the rules of <see cref="FeedbackStatusTransitions"/>.
/// </summary>
public sealed class FeedbackTriage(FeedbackStore store, FeedbackQueue queue, TimeProvider time, ILogger<FeedbackTriage> logger)
{
    private const int MaxResolveAttempts = 5;

    /// <summary>A page of reports; the continuation only continues the same query.</summary>
    public async Task<ListPage<FeedbackListItem>> ListAsync(FeedbackQuery query, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(query, cancellationToken);
        return new ListPage<FeedbackListItem>(
            page.Items.Select(FeedbackListItem.From).ToList(),
            ContinuationToken.Encode(Scope(query.Article, query.Status), page.Continuation));
    }

    /// <summary>Reads a continuation token of <see cref="ListAsync"/>; false when it belongs to no such listing.</summary>
    public static bool TryReadContinuation(string token, string? article, FeedbackStatus? status, out FeedbackCursor? after)
    {
        after = ContinuationToken.TryDecode(token, Scope(article, status), out var value) && value is not null
            ? FeedbackCursor.Parse(value)
            : null;
        return after is not null;
    }

    public Task<FeedbackEntity?> GetAsync(string slug, string id, CancellationToken cancellationToken) =>
        store.GetAsync(slug, id, cancellationToken);

    /// <summary>
    /// Applies an editor's change if <paramref name="ifMatch"/> accepts the report's current ETag
    /// (see <see cref="ETagOf"/>) and the status move is allowed.
    /// </summary>
    public async Task<TriageResult> ChangeAsync(
        string slug, string id, FeedbackUpdate update, Func<string, bool> ifMatch, CancellationToken cancellationToken)
    {
        var report = await store.GetAsync(slug, id, cancellationToken);
        if (report is null)
        {
            return new TriageResult(TriageOutcome.NotFound);
        }
        if (!ifMatch(ETagOf(report)))
        {
            return new TriageResult(TriageOutcome.Changed);
        }

        var from = StatusOf(report);
        var to = update.Status ?? from;
        if (!FeedbackStatusTransitions.IsAllowed(from, to))
        {
            return new TriageResult(TriageOutcome.NotAllowed, From: from, To: to);
        }

        report.Status = to.ToName();
        if (to != FeedbackStatus.Resolved || update.Resolution is not null)
        {
            report.Resolution = to == FeedbackStatus.Resolved ? update.Resolution?.ToName() : null;
            report.Correction = null;
        }
        if (update.NoteGiven)
        {
            report.EditorNote = update.Note;
        }
        report.Updated = time.GetUtcNow();

        // The table's own ETag guards the write, so a change saved between the read and here still wins.
        var written = await store.TryReplaceAsync(report, report.ETag, cancellationToken);
        if (written is null)
        {
            return new TriageResult(TriageOutcome.Changed);
        }
        report.ETag = written.Value;
        logger.LogInformation("Feedback {FeedbackId} on {Slug} moved from {From} to {To}", id, slug, from.ToName(), to.ToName());
        await queue.MoveAsync(slug, report.Kind, from, to, cancellationToken);
        return new TriageResult(TriageOutcome.Applied, report);
    }

    /// <summary>
    /// Resolves reports as corrected, each linking to <paramref name="correctionUrl"/>. Safe to
    /// repeat; a report changed between read and write is read again, so no editor's note is lost.
    /// </summary>
    public async Task ResolveAsCorrectedAsync(string slug, IEnumerable<string> ids, string correctionUrl, CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            for (var attempt = 1; ; attempt++)
            {
                var report = await store.GetAsync(slug, id, cancellationToken);
                if (report is null || report.Correction == correctionUrl)
                {
                    break;
                }
                var from = StatusOf(report);
                report.Status = FeedbackStatus.Resolved.ToName();
                report.Resolution = FeedbackResolution.Corrected.ToName();
                report.Correction = correctionUrl;
                report.Updated = time.GetUtcNow();
                if (await store.TryReplaceAsync(report, report.ETag, cancellationToken) is not null)
                {
                    logger.LogInformation("Feedback {FeedbackId} on {Slug} resolved by correction {Correction}", id, slug, correctionUrl);
                    await queue.MoveAsync(slug, report.Kind, from, FeedbackStatus.Resolved, cancellationToken);
                    break;
                }
                if (attempt == MaxResolveAttempts)
                {
                    throw new InvalidOperationException($"Report {id} on {slug} kept changing; send the correction again to finish resolving it.");
                }
            }
        }
    }

    /// <summary>
    /// The ETag clients see. Table ETags are weak (W/"datetime'…'") and If-Match compares strongly,
    /// so clients get a strong tag derived from it.
    /// </summary>
    public static string ETagOf(FeedbackEntity report) => HttpCaching.StrongETag(report.ETag.ToString());

    private static FeedbackStatus StatusOf(FeedbackEntity report) =>
        FeedbackNames.TryParseStatus(report.Status, out var status) ? status : FeedbackStatus.New;

    private static string Scope(string? article, FeedbackStatus? status) => $"feedback|{article}|{status?.ToName()}";
}

public enum TriageOutcome
{
    /// <summary>The change is saved; the result holds the report as it is now.</summary>
    Applied,

    /// <summary>No such report.</summary>
    NotFound,

    /// <summary>The report changed since the editor read it (the If-Match no longer holds).</summary>
    Changed,

    /// <summary>The status move is not allowed.</summary>
    NotAllowed,
}

public sealed record TriageResult(
    TriageOutcome Outcome, FeedbackEntity? Report = null, FeedbackStatus From = default, FeedbackStatus To = default);

/// <summary>A report as the editors' list shows it; the email address is only in the single-report view.</summary>
public sealed record FeedbackListItem(
    string Id,
    string Article,
    string Kind,
    string Status,
    string Message,
    string? Quote,
    string? Name,
    string? Note,
    DateTimeOffset Received,
    DateTimeOffset Updated,
    string Url,
    string? Resolution,
    string? Correction)
{
    public static FeedbackListItem From(FeedbackEntity report) => new(
        report.RowKey, report.PartitionKey, report.Kind, report.Status, report.Message, report.Quote, report.Name,
        report.EditorNote, report.Received, report.Updated, ArticleUrls.FeedbackReport(report.PartitionKey, report.RowKey),
        report.Resolution, report.Correction);
}

/// <summary>One report with everything an editor may see, including the reader's email address.</summary>
public sealed record FeedbackDetails(
    string Id,
    string Article,
    string Kind,
    string Status,
    string Message,
    string? Quote,
    string? Email,
    string? Name,
    string? Note,
    DateTimeOffset Received,
    DateTimeOffset Updated,
    string ClientHash,
    string? UserAgent,
    string? Resolution,
    string? Correction)
{
    public static FeedbackDetails From(FeedbackEntity report) => new(
        report.RowKey, report.PartitionKey, report.Kind, report.Status, report.Message, report.Quote, report.Email,
        report.Name, report.EditorNote, report.Received, report.Updated, report.ClientHash, report.UserAgent,
        report.Resolution, report.Correction);
}
