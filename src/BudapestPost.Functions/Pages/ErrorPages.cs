using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using BudapestPost.Site;
using BudapestPost.Site.Models;
using Templates = BudapestPost.Site.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// The site's error pages: same look as every page, right status, never stored by caches. The 503 and 500 pages read
/// nothing (storage may be what failed), so they show the masthead without its sections.
/// </summary>
public sealed class ErrorPages(PageFrames frames, PageRenderer renderer, IOptions<ReadCacheOptions> cacheOptions) : IFailurePages
{
    /// <summary>Functions of this namespace serve the website.</summary>
    public static readonly string Namespace = typeof(ErrorPages).Namespace + ".";

    public static bool IsPage(FunctionContext context) =>
        context.FunctionDefinition.EntryPoint is { } entryPoint && entryPoint.StartsWith(Namespace, StringComparison.Ordinal);

    public async Task<PageAnswer> NotFoundAsync(string path, CancellationToken cancellationToken) =>
        await PageAsync(StatusCodes.Status404NotFound, path, "Page not found", cancellationToken,
            ["There is no page at this address. If you typed it, check it; if you followed a link, the page may have moved."],
            showSearch: true);

    /// <summary>400: a paging or search link that this site did not make (or that no longer works).</summary>
    public async Task<PageAnswer> BadLinkAsync(string path, CancellationToken cancellationToken) =>
        await PageAsync(StatusCodes.Status400BadRequest, path, "This link does not work", cancellationToken,
            ["The address has a part this site does not understand. Start again from the first page."]);

    /// <summary>A form post refused before it was read: 415 when it was not a form in UTF-8, 413 when it was too large.</summary>
    public async Task<PageAnswer> RefusedFormAsync(string path, FormPost form, CancellationToken cancellationToken) =>
        form.RefusedStatus == StatusCodes.Status413PayloadTooLarge
            ? await PageAsync(StatusCodes.Status413PayloadTooLarge, path, "The form is too large", cancellationToken,
                [$"A form may be at most {form.LimitBytes:N0} bytes. Shorten what you wrote and send it again. Nothing was stored."])
            : await PageAsync(StatusCodes.Status415UnsupportedMediaType, path, "The form was not sent as a form", cancellationToken,
                [$"Send the form's fields as {PageForms.MediaType}, encoded as UTF-8. Nothing was stored."]);

    public async Task<IActionResult?> AnswerAsync(FunctionContext context, bool storageUnavailable, TimeSpan retryAfter)
    {
        if (!IsPage(context))
        {
            return null;
        }
        var path = context.GetHttpContext()?.Request.Path.Value ?? "/";
        var answer = storageUnavailable
            ? await PageAsync(StatusCodes.Status503ServiceUnavailable, path, "Sorry, the site is unavailable", frames.WithoutSections(),
                [$"Please try again in {Wait(retryAfter)}. Nothing you sent was lost or half stored."], retryAfter)
            : await PageAsync(StatusCodes.Status500InternalServerError, path, "Sorry, something went wrong", frames.WithoutSections(),
                [$"The failure was logged under invocation {context.InvocationId}. Please try again later."]);
        return new PageResult(answer, cacheOptions.Value.FreshFor);
    }

    /// <summary>How long to wait, in words: "30 seconds", "2 minutes".</summary>
    public static string Wait(TimeSpan wait) => wait.TotalSeconds switch
    {
        <= 1 => "a second",
        < 60 => $"{Math.Ceiling(wait.TotalSeconds):0} seconds",
        < 90 => "a minute",
        < 3600 => $"{Math.Ceiling(wait.TotalMinutes):0} minutes",
        _ => $"{Math.Ceiling(wait.TotalHours):0} hours",
    };

    private async Task<PageAnswer> PageAsync(
        int status, string path, string heading, CancellationToken cancellationToken, IReadOnlyList<string> paragraphs, bool showSearch = false) =>
        await PageAsync(status, path, heading, (await frames.CurrentAsync(cancellationToken)).Frame, paragraphs, null, showSearch);

    private async Task<PageAnswer> PageAsync(
        int status, string path, string heading, SiteFrame frame, IReadOnlyList<string> paragraphs, TimeSpan? retryAfter = null, bool showSearch = false)
    {
        var model = new MessagePageModel(frame, new PageHead(heading, frame.Description, path, Indexable: false), heading, paragraphs,
            Links: [new Link("Latest news", "/"), new Link("Corrections", "/corrections")], ShowSearch: showSearch);
        return PageAnswer.With(status, CompressedContent.Html(await renderer.RenderAsync<Templates.MessagePage>(model)), retryAfter);
    }
}
