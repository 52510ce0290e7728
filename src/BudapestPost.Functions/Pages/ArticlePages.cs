using BudapestPost.Core.Articles;
using BudapestPost.Core.Feedback;
using BudapestPost.Core.Feeds;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Corrections;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Site;
using BudapestPost.Site;
using BudapestPost.Site.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Templates = BudapestPost.Site.Pages;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// An article's page and its report form. The page is rendered from the live version, its related list, the newest
/// headlines and the site frame, and kept in memory under their versions: while none changes, a read renders nothing
/// and costs storage nothing (each of them is in the read cache), and a change shows within
/// <see cref="ReadCacheOptions.FreshFor"/>, as the API's does.
/// </summary>
public sealed class ArticlePages(
    ArticleReader articles,
    FeedbackIntake intake,
    PageFrames frames,
    NewsletterForms newsletter,
    ErrorPages errors,
    PageRenderer renderer,
    ReadThroughCache cache,
    IOptions<SiteOptions> site,
    IOptions<RelatedOptions> related)
{
    /// <summary>"Related Articles" shows this many headlines: the related list first, then the newest.</summary>
    public const int Headlines = 50;

    private static readonly string[] ReportFields = ["kind", "message", "quote", "email"];

    public async Task<PageAnswer> ArticleAsync(string slug, CancellationToken cancellationToken)
    {
        var view = await articles.ViewAsync(slug, cancellationToken);
        return view.Outcome switch
        {
            ArticleLookupOutcome.Found => PageAnswer.Ok(await PublishedAsync(slug, view, cancellationToken)),
            ArticleLookupOutcome.Retracted => await RetractedAsync(slug, view.Version, cancellationToken),
            _ => await errors.NotFoundAsync(ArticlePath(slug), cancellationToken),
        };
    }

    /// <summary>The report form on its own page, empty or as a refused report left it (<paramref name="status"/> 4xx).</summary>
    public async Task<PageAnswer> ReportFormAsync(
        string slug, FormState state, int status, CancellationToken cancellationToken, TimeSpan? retryAfter = null)
    {
        var view = await articles.ViewAsync(slug, cancellationToken);
        if (view is not { Outcome: ArticleLookupOutcome.Found, Version: { } version })
        {
            return await errors.NotFoundAsync(ArticlePath(slug) + "/report", cancellationToken);
        }
        var frame = (await frames.CurrentAsync(cancellationToken)).Frame;
        var model = new ReportPageModel(frame,
            new PageHead(state.HasErrors ? "Error: Report an inaccuracy" : "Report an inaccuracy", $"Report an inaccuracy in “{version.Title}”.",
                ArticlePath(slug) + "/report", Indexable: false),
            new Link(version.Title, ArticlePath(slug)), new ReportFormModel(ArticlePath(slug) + "/report", state));
        return PageAnswer.With(status, CompressedContent.Html(await renderer.RenderAsync<Templates.ReportPage>(model)), retryAfter);
    }

    /// <summary>
    /// A report from the form: the fields go through the API's parser and into <see cref="FeedbackIntake"/> with the
    /// API's limits. Stored: 303 to the receipt. Refused: the form again with the reasons (400), or with when to try
    /// again (429).
    /// </summary>
    public async Task<PageAnswer> ReportAsync(string slug, FormPost form, string clientAddress, string? userAgent, CancellationToken cancellationToken)
    {
        var parsed = FeedbackSubmissionParser.Parse(PageForms.Json(form.Fields!, ReportFields));
        if (!parsed.IsValid)
        {
            return await ReportFormAsync(slug, PageForms.State(form.Fields!, parsed.Errors), StatusCodes.Status400BadRequest, cancellationToken);
        }
        var result = await intake.SubmitAsync(new FeedbackIntakeRequest(slug, parsed.Value, null, clientAddress, userAgent), cancellationToken);
        return result.Outcome switch
        {
            FeedbackIntakeOutcome.Created or FeedbackIntakeOutcome.Replayed => PageAnswer.SeeOther(ArticlePath(slug) + "/reported"),
            FeedbackIntakeOutcome.RateLimited => await ReportFormAsync(slug,
                PageForms.State(form.Fields!, [], $"Too many reports from this address. Please try again in {ErrorPages.Wait(result.RetryAfter)}."),
                StatusCodes.Status429TooManyRequests, cancellationToken, result.RetryAfter),
            _ => await errors.NotFoundAsync(ArticlePath(slug) + "/report", cancellationToken),
        };
    }

    /// <summary>The receipt a stored report leads to; the form's script shows its message in place of the form.</summary>
    public async Task<PageAnswer> ReportedAsync(string slug, CancellationToken cancellationToken)
    {
        var view = await articles.ViewAsync(slug, cancellationToken);
        if (view is not { Outcome: ArticleLookupOutcome.Found, Version: { } version })
        {
            return await errors.NotFoundAsync(ArticlePath(slug) + "/reported", cancellationToken);
        }
        var frame = (await frames.CurrentAsync(cancellationToken)).Frame;
        var model = new MessagePageModel(frame,
            new PageHead("Thank you for your report", $"Your report on “{version.Title}” was received.", ArticlePath(slug) + "/reported", Indexable: false),
            "Thank you for your report",
            ["Your report was received. The editors read every report, and corrections are published on the article and in the corrections log."],
            Links: [new Link("Back to the article", ArticlePath(slug)), new Link("Corrections", "/corrections")],
            Region: "report-form");
        return PageAnswer.Ok(CompressedContent.Html(await renderer.RenderAsync<Templates.MessagePage>(model)));
    }

    public static string ArticlePath(string slug) => "/articles/" + slug;

    private async Task<CompressedContent> PublishedAsync(string slug, ArticleView view, CancellationToken cancellationToken)
    {
        var version = view.Version!;
        var newest = await articles.ListingAsync(null, null, Math.Min(Http.Paging.MaxLimit, Headlines + related.Value.RelatedCount + 1), null, cancellationToken);
        var framed = await frames.CurrentAsync(cancellationToken);
        var key = $"page/article/{slug}/{view.ContentHash}/{view.Related?.ETag}/{view.Audio?.Url}/{newest?.Json.ETag}/{framed.Version}/{newsletter.Version}";
        return await cache.GetOrLoadAsync(key, async () =>
        {
            var headlines = (view.Related?.Items ?? []).Select(item => (item.Slug, item.Title))
                .Concat((newest?.Page.Items ?? []).Select(item => (item.Slug, item.Title)))
                .Where(item => item.Slug != slug)
                .DistinctBy(item => item.Slug)
                .Take(Headlines)
                .Select(item => new Link(item.Title, ArticlePath(item.Slug)))
                .ToList();
            var model = new ArticlePageModel(framed.Frame, Head(slug, version), Model(version, view.Audio), new ReportFormModel(ArticlePath(slug) + "/report", FormState.Empty),
                newsletter.Empty, headlines);
            return CompressedContent.Html(await renderer.RenderAsync<Templates.ArticlePage>(model));
        }, page => page.SizeInBytes, cancellationToken);
    }

    private async Task<PageAnswer> RetractedAsync(string slug, PublishedArticle? version, CancellationToken cancellationToken)
    {
        var frame = (await frames.CurrentAsync(cancellationToken)).Frame;
        var title = version?.Title ?? slug;
        var model = new RetractedPageModel(frame,
            new PageHead($"Retracted: {title}", $"“{title}” was retracted.", site.Value.ArticleUrl(slug).AbsoluteUri, Indexable: false),
            title, version?.Updated, Corrections(version?.Corrections ?? []));
        return PageAnswer.With(StatusCodes.Status410Gone, CompressedContent.Html(await renderer.RenderAsync<Templates.RetractedPage>(model)));
    }

    private PageHead Head(string slug, PublishedArticle version) =>
        new(version.Title, version.Lead, site.Value.ArticleUrl(slug).AbsoluteUri,
            Feeds: version.Section is { } section ? frames.FeedsOf(FeedScope.Section(section).Path, PageFrames.Display(section, capitalize: true)) : null,
            Article: new ArticleMeta(version.Published, version.Updated ?? version.Published, version.Section, version.Tags, site.Value.PublicationName));

    private static ArticleModel Model(PublishedArticle version, ArticleAudio? audio) => new(
        version.Slug, version.Title, version.Lead, version.Published, version.Updated,
        version.Section is { } section ? PageFrames.Section(section) : null,
        version.Tags.Select(PageFrames.Tag).ToList(),
        version.AiGenerated, version.Html, Corrections(version.Corrections),
        audio is null ? null : new AudioModel(audio.Url, audio.MimeType, TimeSpan.FromSeconds(audio.DurationSeconds)));

    private static List<CorrectionModel> Corrections(IEnumerable<Correction> corrections) =>
        corrections.Select(correction => new CorrectionModel(ArticleCorrector.Anchor(correction.At), correction.At, correction.Text)).ToList();
}
