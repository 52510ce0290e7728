using System.Globalization;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace BudapestPost.Functions.Http;

/// <summary>
/// RFC 9457 problem responses. Every error the API gives goes through here, so each kind of
/// problem has one stable <c>type</c>, one title and one status.
/// </summary>
public static class Problems
{
    private const string TypePrefix = "urn:budapest-post:problem:";

    public static IActionResult Validation(IEnumerable<FieldError> errors, string detail = "One or more fields are invalid.") =>
        Result(new ValidationProblemDetails(ToDictionary(errors))
        {
            Type = TypePrefix + "validation",
            Title = "The request is invalid.",
            Status = StatusCodes.Status400BadRequest,
            Detail = detail,
        });

    public static IActionResult Validation(string field, string reason) => Validation([new FieldError(field, reason)]);

    /// <summary>A route or query value that must be a slug (article slug, tag) is not one.</summary>
    public static IActionResult InvalidSlug(string field) => Validation(field, $"Must be a slug: {Slug.Rule}.");

    /// <summary>A <c>continuation</c> query value that no listing of this kind returned.</summary>
    public static IActionResult InvalidContinuation() =>
        Validation("continuation", "Is not a token this listing returned; start again without it.");

    public static IActionResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, "not-found", "The resource was not found.", detail);

    /// <summary>The slug names no published article (never published, or unpublished since).</summary>
    public static IActionResult ArticleNotFound(string slug) => NotFound($"There is no published article '{slug}'.");

    public static IActionResult Gone(string detail) =>
        Create(StatusCodes.Status410Gone, "gone", "The resource is no longer available.", detail);

    public static IActionResult UnsupportedMediaType(string expected) =>
        Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The content type is not supported.",
            $"Send the body as {expected}, encoded as UTF-8.");

    public static IActionResult PayloadTooLarge(long limitBytes) =>
        Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large.",
            $"The body must be at most {limitBytes} bytes.");

    public static IActionResult ServiceUnavailable(string detail, TimeSpan retryAfter)
    {
        var problem = Problem(StatusCodes.Status503ServiceUnavailable, "service-unavailable", "The service is temporarily unavailable.", detail);
        return new RetryAfterResult(Result(problem), retryAfter);
    }

    public static IActionResult Create(int status, string code, string title, string detail) =>
        Result(Problem(status, code, title, detail));

    private static ProblemDetails Problem(int status, string code, string title, string detail) =>
        new() { Type = TypePrefix + code, Title = title, Status = status, Detail = detail };

    private static ObjectResult Result(ProblemDetails problem) => new(problem)
    {
        StatusCode = problem.Status,
        ContentTypes = { "application/problem+json" },
    };

    private static Dictionary<string, string[]> ToDictionary(IEnumerable<FieldError> errors) =>
        errors.GroupBy(e => e.Field, StringComparer.Ordinal)
              .ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray(), StringComparer.Ordinal);
}

/// <summary>Adds a <c>Retry-After</c> header (in whole seconds, rounded up) to another result.</summary>
public sealed class RetryAfterResult(IActionResult inner, TimeSpan retryAfter) : IActionResult, IStatusCodeActionResult
{
    /// <summary>The wrapped result's status, for whoever inspects results before they are written.</summary>
    public int? StatusCode => (inner as IStatusCodeActionResult)?.StatusCode;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return inner.ExecuteResultAsync(context);
    }
}
