using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BudapestPost.Functions.Corrections;

/// <summary>The problems only corrections give.</summary>
public static class CorrectionProblems
{
    public static IActionResult UnknownReports(string slug, IReadOnlyList<string> ids) =>
        Problems.Create(StatusCodes.Status422UnprocessableEntity, "unknown-reports", "Some reports do not exist.",
            $"Article '{slug}' has no reports {string.Join(", ", ids)}; send only ids of its reports. Nothing was stored.");

    public static IActionResult ArticleChanged(string slug) =>
        Problems.Create(StatusCodes.Status412PreconditionFailed, "article-changed", "The article changed meanwhile.",
            $"The file of '{slug}' was changed while the correction was applied; nothing was stored. Send the correction again.");

    public static IActionResult FileInvalid(string slug) =>
        Problems.Create(StatusCodes.Status409Conflict, "article-file-invalid", "The article file is invalid.",
            $"The stored file of '{slug}' does not validate (see PublishErrors); upload a valid version, then send the correction.");
}
