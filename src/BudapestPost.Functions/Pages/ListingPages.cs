using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Corrections;
using BudapestPost.Functions.Http;
using BudapestPost.Site;
using BudapestPost.Site.Models;
using Microsoft.AspNetCore.Http;
using Templates = BudapestPost.Site.Pages;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// The newest-first pages: the front page, a section's and a tag's articles, and the corrections log. Each is
/// rendered from a listing page of the read cache (re-read after <see cref="ReadCacheOptions.FreshFor"/>) and kept
/// under that page's version, so an unchanged listing is rendered once and read from memory after.
/// </summary>
public sealed class ListingPages(
    ArticleReader articles,
    CorrectionLog log,
    PageFrames frames,
    NewsletterForms newsletter,
    ErrorPages errors,
    PageRenderer renderer,
    ReadThroughCache cache)
{
    public const int PageSize = 20;

    private const string CorrectionsFeedFolder = "feeds/corrections/";

    public async Task<PageAnswer> FrontAsync(string? continuation, CancellationToken cancellationToken)
    {
        var listing = await articles.ListingAsync(null, null, PageSize, continuation, cancellationToken);
        if (listing is null)
        {
            return await errors.BadLinkAsync("/", cancellationToken);
        }
        var framed = await frames.CurrentAsync(cancellationToken);
        return PageAnswer.Ok(await cache.GetOrLoadAsync($"page/front/{continuation}/{listing.Json.ETag}/{framed.Version}/{newsletter.Version}", async () =>
        {
            var frame = framed.Frame;
            var model = new FrontPageModel(frame, new PageHead(frame.Title, frame.Description, WithContinuation("/", continuation)),
                Cards(listing.Page), Paging("/", continuation, listing.Page.Continuation), newsletter.Empty);
            return CompressedContent.Html(await renderer.RenderAsync<Templates.FrontPage>(model));
        }, page => page.SizeInBytes, cancellationToken));
    }

    public Task<PageAnswer> SectionAsync(string section, string? continuation, CancellationToken cancellationToken) =>
        ScopeAsync(FeedScope.Section(section), continuation, cancellationToken);

    public Task<PageAnswer> TagAsync(string tag, string? continuation, CancellationToken cancellationToken) =>
        ScopeAsync(FeedScope.Tag(tag), continuation, cancellationToken);

    public async Task<PageAnswer> CorrectionsAsync(string? continuation, CancellationToken cancellationToken)
    {
        const string path = "/corrections";
        var corrections = await cache.GetOrLoadFreshAsync($"corrections/{continuation}", async () =>
            await log.ListAsync(PageSize, continuation, CancellationToken.None) is { } page ? new CorrectionsListing(page, CachedJson.Serialize(page)) : null,
            listing => listing?.SizeInBytes ?? 0, cancellationToken);
        if (corrections is null)
        {
            return await errors.BadLinkAsync(path, cancellationToken);
        }
        var framed = await frames.CurrentAsync(cancellationToken);
        return PageAnswer.Ok(await cache.GetOrLoadAsync($"page/corrections/{continuation}/{corrections.Json.ETag}/{framed.Version}", async () =>
        {
            var model = new CorrectionsPageModel(framed.Frame,
                new PageHead("Corrections", "Every correction made to an article, newest first.", WithContinuation(path, continuation),
                    // The corrections feed exists from the first correction on.
                    Feeds: corrections.Page.Items.Count == 0 ? null : frames.FeedsOf(CorrectionsFeedFolder, "Corrections")),
                corrections.Page.Items.Select(item => new CorrectionEntryModel(
                    item.Title, $"{ArticlePages.ArticlePath(item.Slug)}#{ArticleCorrector.Anchor(item.At)}", item.At, item.Text, item.Retracted)).ToList(),
                Paging(path, continuation, corrections.Page.Continuation));
            return CompressedContent.Html(await renderer.RenderAsync<Templates.CorrectionsPage>(model));
        }, page => page.SizeInBytes, cancellationToken));
    }

    /// <summary>A listing address with its page's continuation token, if it has one.</summary>
    public static string WithContinuation(string path, string? continuation) =>
        continuation is null ? path : $"{path}?continuation={Uri.EscapeDataString(continuation)}";

    // A section's or a tag's page. An invalid name, or one without articles, is no page at all (404).
    private async Task<PageAnswer> ScopeAsync(FeedScope scope, string? continuation, CancellationToken cancellationToken)
    {
        var isSection = scope.Kind == FeedScopeKind.Section;
        var path = (isSection ? PageFrames.Section(scope.Name) : PageFrames.Tag(scope.Name)).Href;
        if (!Slug.IsValid(scope.Name))
        {
            return await errors.NotFoundAsync(path, cancellationToken);
        }
        var listing = await articles.ListingAsync(isSection ? null : scope.Name, isSection ? scope.Name : null, PageSize, continuation, cancellationToken);
        if (listing is null)
        {
            return await errors.BadLinkAsync(path, cancellationToken);
        }
        if (listing.Page.Items.Count == 0 && continuation is null)
        {
            return await errors.NotFoundAsync(path, cancellationToken);
        }
        var framed = await frames.CurrentAsync(cancellationToken);
        return PageAnswer.Ok(await cache.GetOrLoadAsync($"page/{scope.Kind}/{scope.Name}/{continuation}/{listing.Json.ETag}/{framed.Version}", async () =>
        {
            var name = PageFrames.Display(scope.Name, capitalize: isSection);
            var heading = isSection ? name : $"Articles tagged “{name}”";
            var model = new ListingPageModel(framed.Frame,
                new PageHead(heading, $"The newest articles {(isSection ? "in " + name : "tagged " + name)}.", WithContinuation(path, continuation),
                    Feeds: frames.FeedsOf(scope.Path, name)),
                heading, Cards(listing.Page), Paging(path, continuation, listing.Page.Continuation));
            return CompressedContent.Html(await renderer.RenderAsync<Templates.ListingPage>(model));
        }, page => page.SizeInBytes, cancellationToken));
    }

    private static List<ArticleCardModel> Cards(ListPage<ArticleListItem> page) =>
        page.Items.Select(item => new ArticleCardModel(item.Title, item.Lead, ArticlePages.ArticlePath(item.Slug), item.Published,
            item.Section is { } section ? PageFrames.Section(section) : null)).ToList();

    private static PageLinks Paging(string path, string? continuation, string? next) =>
        new(next is null ? null : WithContinuation(path, next), continuation is null ? null : path);

    // A page of the corrections log with its response body, whose ETag versions the rendered page.
    private sealed record CorrectionsListing(ListPage<CorrectionLogItem> Page, CachedJson Json)
    {
        public long SizeInBytes => 3 * Json.SizeInBytes;
    }
}
