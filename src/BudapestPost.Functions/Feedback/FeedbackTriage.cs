using System.Text.Json;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Http;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// The editors' side of reader feedback: list reports, read one, move it through triage under the rules of
/// <see cref="FeedbackStatusTransitions"/>, and the queue of articles by reports.
/// </summary>
public sealed class FeedbackTriage(FeedbackStore store, ArticleReader articles, TimeProvider time, ILogger<FeedbackTriage> logger)
{
    private const int MaxResolveAttempts = 5;

    /// <summary>
    /// A page of reports, newest first; the continuation only continues the same query. With an article this reads
    /// one partition from the cursor on and stops after a page; across articles the table is scanned (rows come
    /// partition by partition, so the newest must be picked from all of them), keeping only one page in memory.
    /// </summary>
    public async Task<ListPage<FeedbackListItem>> ListAsync(FeedbackQuery query, CancellationToken cancellationToken)
    {
        var newest = new PriorityQueue<FeedbackEntity, (string, string)>(OlderFirst);
        var pageSize = query.Limit + 1; // one more than asked tells whether another page exists
        await foreach (var report in store.ReportsAsync(query.Article, query.Status, query.After?.RowKey ?? "",
            query.Article is null ? 1000 : pageSize, cancellationToken))
        {
            if (query.After is not null && NewestFirst.Compare((report.RowKey, report.PartitionKey), (query.After.RowKey, query.After.PartitionKey)) <= 0)
            {
                continue;
            }
            newest.Enqueue(report, (report.RowKey, report.PartitionKey));
            if (newest.Count > pageSize)
            {
                newest.Dequeue();
            }
            if (query.Article is not null && newest.Count == pageSize)
            {
                break; // one partition arrives already in row-key order
            }
        }
        var items = new List<FeedbackEntity>(newest.Count);
        while (newest.Count > 0)
        {
            items.Add(newest.Dequeue());
        }
        items.Reverse();
        var more = items.Count > query.Limit;
        items = items.Take(query.Limit).ToList();
        var next = more ? new FeedbackCursor(items[^1].RowKey, items[^1].PartitionKey).ToString() : null;
        return new ListPage<FeedbackListItem>(
            items.Select(FeedbackListItem.From).ToList(), ContinuationToken.Encode(Scope(query.Article, query.Status), next));
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
        string slug, string id, FeedbackUpdate update, string editor, Func<string, bool> ifMatch, CancellationToken cancellationToken)
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
        report.UpdatedBy = editor;

        // The table's own ETag guards the write, so a change saved between the read and here still wins.
        var written = await store.TryReplaceAsync(report, report.ETag, cancellationToken);
        if (written is null)
        {
            return new TriageResult(TriageOutcome.Changed);
        }
        report.ETag = written.Value;
        logger.LogInformation("Feedback {FeedbackId} on {Slug} moved from {From} to {To}", id, slug, from.ToName(), to.ToName());
        await store.MoveInQueueAsync(slug, await articles.TitleAsync(slug, cancellationToken), report.Kind, from, to, cancellationToken);
        return new TriageResult(TriageOutcome.Applied, report);
    }

    /// <summary>
    /// Resolves reports as corrected, each linking to <paramref name="correctionUrl"/>. Safe to
    /// repeat; a report changed between read and write is read again, so no editor's note is lost.
    /// </summary>
    public async Task ResolveAsCorrectedAsync(
        string slug, IEnumerable<string> ids, string correctionUrl, string editor, CancellationToken cancellationToken)
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
                report.UpdatedBy = editor;
                if (await store.TryReplaceAsync(report, report.ETag, cancellationToken) is not null)
                {
                    logger.LogInformation("Feedback {FeedbackId} on {Slug} resolved by correction {Correction}", id, slug, correctionUrl);
                    await store.MoveInQueueAsync(slug, await articles.TitleAsync(slug, cancellationToken), report.Kind, from, FeedbackStatus.Resolved, cancellationToken);
                    break;
                }
                if (attempt == MaxResolveAttempts)
                {
                    throw new InvalidOperationException($"Report {id} on {slug} kept changing; send the correction again to finish resolving it.");
                }
            }
        }
    }

    /// <summary>One page of the articles with reports in <paramref name="status"/>, most reports first; null for a continuation this listing did not give.</summary>
    public async Task<ListPage<FeedbackQueueItem>?> ListQueueAsync(FeedbackStatus status, int limit, string? continuation, CancellationToken cancellationToken)
    {
        var scope = $"feedback-articles|{status.ToName()}";
        string? storageToken = null;
        if (continuation is not null && !ContinuationToken.TryDecode(continuation, scope, out storageToken))
        {
            return null;
        }
        return await store.QueuePageAsync(status, limit, storageToken, cancellationToken) is { } page
            ? new ListPage<FeedbackQueueItem>(page.Items.Select(FeedbackQueueItem.From).ToList(), ContinuationToken.Encode(scope, page.Continuation))
            : null;
    }

    /// <summary>
    /// Counts every status again from the reports (a scan of the table, which only this admin operation makes) and
    /// rewrites the queue to match: after a logged miss. Reports arriving meanwhile may be miscounted; run it again when they do.
    /// </summary>
    public async Task<FeedbackQueueRebuild> RebuildQueueAsync(CancellationToken cancellationToken)
    {
        var counted = new Dictionary<(string Status, string Slug), Dictionary<string, int>>();
        var reports = 0;
        await foreach (var report in store.ReportsAsync(null, null, "", 1000, cancellationToken, ["PartitionKey", "Kind", "Status"]))
        {
            var kinds = counted.TryGetValue((report.Status, report.PartitionKey), out var found) ? found
                : counted[(report.Status, report.PartitionKey)] = new Dictionary<string, int>(StringComparer.Ordinal);
            kinds[report.Kind] = kinds.GetValueOrDefault(report.Kind) + 1;
            reports++;
        }
        foreach (var status in Enum.GetValues<FeedbackStatus>())
        {
            var articlesInStatus = new List<(string, string?, IDictionary<string, int>)>();
            foreach (var ((_, slug), kinds) in counted.Where(entry => entry.Key.Status == status.ToName()))
            {
                articlesInStatus.Add((slug, await articles.TitleAsync(slug, cancellationToken), kinds));
            }
            await store.ReplaceQueueAsync(status, articlesInStatus, cancellationToken);
        }
        logger.LogInformation("Rebuilt the feedback queue from {Reports} reports on {Entries} article statuses", reports, counted.Count);
        return new FeedbackQueueRebuild(reports, counted.Count);
    }

    /// <summary>
    /// The ETag clients see. Table ETags are weak (W/"datetime'…'") and If-Match compares strongly,
    /// so clients get a strong tag derived from it.
    /// </summary>
    public static string ETagOf(FeedbackEntity report) => HttpCaching.StrongETag(report.ETag.ToString());

    private static FeedbackStatus StatusOf(FeedbackEntity report) =>
        FeedbackNames.TryParseStatus(report.Status, out var status) ? status : FeedbackStatus.New;

    private static string Scope(string? article, FeedbackStatus? status) => $"feedback|{article}|{status?.ToName()}";

    // Newest-first order: by row key (reverse time), then partition key for the unlikely equal ids.
    private static readonly Comparer<(string RowKey, string PartitionKey)> NewestFirst = Comparer<(string RowKey, string PartitionKey)>.Create((x, y) =>
        string.CompareOrdinal(x.RowKey, y.RowKey) is var byRow and not 0 ? byRow : string.CompareOrdinal(x.PartitionKey, y.PartitionKey));

    private static readonly Comparer<(string, string)> OlderFirst = Comparer<(string, string)>.Create((x, y) => NewestFirst.Compare(y, x));
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
    string? UpdatedBy,
    string ClientHash,
    string? UserAgent,
    string? Resolution,
    string? Correction)
{
    public static FeedbackDetails From(FeedbackEntity report) => new(
        report.RowKey, report.PartitionKey, report.Kind, report.Status, report.Message, report.Quote, report.Email,
        report.Name, report.EditorNote, report.Received, report.Updated, report.UpdatedBy, report.ClientHash, report.UserAgent,
        report.Resolution, report.Correction);
}

/// <summary>An editor's list request: optionally one article and one status, newest first, after <see cref="After"/>.</summary>
public sealed record FeedbackQuery(string? Article, FeedbackStatus? Status, int Limit, FeedbackCursor? After);

/// <summary>The last report a page returned; the next page starts after it in newest-first order.</summary>
public sealed record FeedbackCursor(string RowKey, string PartitionKey)
{
    public override string ToString() => $"{RowKey}|{PartitionKey}";

    public static FeedbackCursor? Parse(string value) =>
        value.Split('|') is [var row, var partition] && FeedbackId.IsValid(row) && Core.Articles.Slug.IsValid(partition)
            ? new FeedbackCursor(row, partition)
            : null;
}

/// <summary>An article in the editors' queue: its reports in the status asked for, in total and per kind.</summary>
public sealed record FeedbackQueueItem(string Slug, string? Title, int Count, IReadOnlyDictionary<string, int> Kinds, string Url)
{
    public static FeedbackQueueItem From(FeedbackQueueEntity row)
    {
        var counted = JsonSerializer.Deserialize<Dictionary<string, int>>(row.Kinds) ?? [];
        var kinds = FeedbackNames.AllKinds.ToDictionary(kind => kind, kind => counted.GetValueOrDefault(kind));
        return new FeedbackQueueItem(row.Slug, row.Title, row.Count, kinds, ArticleUrls.Article(row.Slug));
    }
}

/// <summary>What a rebuild of the queue counted.</summary>
public sealed record FeedbackQueueRebuild(int Reports, int ArticleStatuses);
