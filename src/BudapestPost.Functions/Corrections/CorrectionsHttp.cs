using BudapestPost.Core.Articles;
using BudapestPost.Core.Corrections;
using BudapestPost.Functions.Editors;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Corrections;

/// <summary>Editors publish corrections to articles, answering reader reports; readers read the corrections log.</summary>
public sealed class CorrectionsHttp(ArticleCorrector corrector, CorrectionLog log)
{
    // A corrected body may be as large as an article file, and JSON escaping can grow it.
    private const int MaxRequestBytes = 2 * ArticleFileLimits.MaxFileBytes;

    [Function(nameof(PostCorrection))]
    [RequiresRole(EditorRole.Editor)]
    [Audited("corrections.add")]
    public async Task<IActionResult> PostCorrection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/articles/{slug}/corrections")] HttpRequest request,
        string slug,
        CancellationToken cancellationToken)
    {
        var (correction, problem) = await ReadAsync(request, slug, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await corrector.CorrectAsync(slug, correction!, EditorAccessMiddleware.CallerOf(request).Name, cancellationToken);
        return result.Outcome switch
        {
            CorrectionOutcome.Accepted => new AcceptedResult(
                result.Link, new { slug, at = result.Correction!.At, text = result.Correction.Text, url = result.Link, status = "accepted" }),
            CorrectionOutcome.Retracted => Problems.Gone($"The article '{slug}' was retracted; it takes no corrections."),
            CorrectionOutcome.UnknownReports => CorrectionProblems.UnknownReports(slug, result.UnknownReports!),
            CorrectionOutcome.Changed => CorrectionProblems.ArticleChanged(slug),
            CorrectionOutcome.Invalid => Problems.Validation(result.Errors!, "The corrected article would be invalid; nothing was stored."),
            CorrectionOutcome.FileInvalid => CorrectionProblems.FileInvalid(slug),
            _ => Problems.ArticleNotFound(slug),
        };
    }

    [Function(nameof(ListCorrections))]
    public Task<IActionResult> ListCorrections(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/corrections")] HttpRequest request,
        CancellationToken cancellationToken) =>
        Paging.ListAsync(request, (limit, continuation) => log.ListAsync(limit, continuation, cancellationToken));

    private static async Task<(CorrectionRequest? Correction, IActionResult? Problem)> ReadAsync(
        HttpRequest request, string slug, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(slug))
        {
            return (null, Problems.InvalidSlug("slug"));
        }
        var (body, problem) = await RequestBody.ReadAsync(request, "application/json", MaxRequestBytes, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }
        var parsed = CorrectionRequestParser.Parse(body!);
        return parsed.IsValid
            ? (parsed.Value, null)
            : (null, Problems.Validation(parsed.Errors, "The correction is invalid; nothing was stored."));
    }
}
