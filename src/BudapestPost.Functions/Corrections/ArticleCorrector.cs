using BudapestPost.Core.Articles;
using BudapestPost.Core.Corrections;
using BudapestPost.Core.Validation;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Feedback;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Functions.Corrections;

/// <summary>
/// Publishes an editor's correction: appends it to the article file (written back only if the
/// file is still the version read, so a concurrent edit is never overwritten), then resolves the
/// reader reports it answers. The blob trigger publishes the changed file as it does any upload.
/// </summary>
/// <remarks>
/// The file write is the commit point. If resolving the reports fails after it, the same request
/// sent again finds a correction with the same text already in the file, writes nothing and
/// resolves the reports that are still open: a retry is idempotent.
/// </remarks>
public sealed class ArticleCorrector(ArticleCatalog catalog, ArticleFiles files, FeedbackTriage triage, TimeProvider time,
    ILogger<ArticleCorrector> logger)
{
    /// <param name="editor">Who corrects: the resolved reports name them.</param>
    public async Task<CorrectionResult> CorrectAsync(string slug, CorrectionRequest request, string editor, CancellationToken cancellationToken)
    {
        var status = await catalog.StatusAsync(slug, cancellationToken);
        var file = status is null ? null : await files.DownloadAsync(ArticleFiles.BlobName(slug), cancellationToken);
        var parsed = file?.Parse();
        if (status == ArticleStatus.Retracted || parsed?.Value?.Status == ArticleStatus.Retracted)
        {
            return new CorrectionResult(CorrectionOutcome.Retracted);
        }
        if (file is null || parsed is null)
        {
            return new CorrectionResult(CorrectionOutcome.NotFound);
        }
        if (!parsed.IsValid)
        {
            return new CorrectionResult(CorrectionOutcome.FileInvalid, Errors: parsed.Errors);
        }
        var unknown = await UnknownReportsAsync(slug, request.Feedback, cancellationToken);
        if (unknown.Count > 0)
        {
            return new CorrectionResult(CorrectionOutcome.UnknownReports, UnknownReports: unknown);
        }

        var article = parsed.Value;
        var correction = article.Corrections.FirstOrDefault(c => c.Text == request.Text)
            ?? new Correction(NextTime(article.Corrections), request.Text);
        if (!article.Corrections.Contains(correction))
        {
            var content = ArticleFileEditor.AppendCorrection(file.Content!, article.Corrections, correction, request.Body);
            var changed = content is null ? null : ArticleParser.Parse(file.Name, content);
            if (changed is not { IsValid: true })
            {
                return new CorrectionResult(CorrectionOutcome.Invalid, Errors: changed?.Errors ?? []);
            }
            if (!await files.TryReplaceAsync(slug, content!, file.Version.ETag, cancellationToken))
            {
                return new CorrectionResult(CorrectionOutcome.Changed);
            }
            logger.LogInformation("Correction of {At:O} appended to {Slug}, answering {ReportCount} reports", correction.At, slug, request.Feedback.Count);
        }

        var link = CorrectionUrl(slug, correction.At);
        await triage.ResolveAsCorrectedAsync(slug, request.Feedback, link, editor, cancellationToken);
        return new CorrectionResult(CorrectionOutcome.Accepted, correction, link);
    }

    /// <summary>Where a correction is shown: its article, at the correction's anchor.</summary>
    public static string CorrectionUrl(string slug, DateTimeOffset at) => $"{ArticleUrls.Article(slug)}#{Anchor(at)}";

    /// <summary>The fragment naming one correction on its article's page.</summary>
    public static string Anchor(DateTimeOffset at) => $"correction-{at.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}";

    private async Task<List<string>> UnknownReportsAsync(string slug, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var unknown = new List<string>();
        foreach (var id in ids)
        {
            if (await triage.GetAsync(slug, id, cancellationToken) is null)
            {
                unknown.Add(id);
            }
        }
        return unknown;
    }

    // The file keeps whole seconds, so the correction read back is the one written; a time is a
    // correction's identity, so one made within the same second as the last one gets the next second.
    private DateTimeOffset NextTime(IReadOnlyList<Correction> existing)
    {
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        return existing.Count > 0 && existing[^1].At >= now ? existing[^1].At.AddSeconds(1) : now;
    }
}

public enum CorrectionOutcome
{
    /// <summary>The correction is in the article file and the reports are resolved; publishing takes it live.</summary>
    Accepted,
    NotFound,
    Retracted,

    /// <summary>Some of the referenced reports do not exist on this article.</summary>
    UnknownReports,

    /// <summary>The article file changed while the correction was applied; nothing was written.</summary>
    Changed,

    /// <summary>The corrected file would be invalid (a bad body, too many corrections); nothing was written.</summary>
    Invalid,

    /// <summary>The stored article file is invalid itself and has to be fixed first.</summary>
    FileInvalid,
}

public sealed record CorrectionResult(
    CorrectionOutcome Outcome,
    Correction? Correction = null,
    string? Link = null,
    IReadOnlyList<FieldError>? Errors = null,
    IReadOnlyList<string>? UnknownReports = null);
