using BudapestPost.Core.Search;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Search;
using BudapestPost.Site;
using BudapestPost.Site.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Templates = BudapestPost.Site.Pages;

namespace BudapestPost.Functions.Pages;

/// <summary>
/// The search page, answered from this instance's replica of the index as the API's search is (the same parameters and
/// checks), and kept in memory under the index's commit and the query, so a repeated search renders nothing.
/// </summary>
public sealed class SearchPages(SearchReplica replica, PageFrames frames, PageRenderer renderer, ReadThroughCache cache)
{
    public const string Path = "/search";

    /// <summary>The page for <paramref name="query"/>: the empty form without a <c>q</c>, the form with its errors (400) for a refused one.</summary>
    public async Task<PageAnswer> SearchAsync(IQueryCollection query, CancellationToken cancellationToken)
    {
        var framed = await frames.CurrentAsync(cancellationToken);
        if (!query.ContainsKey("q"))
        {
            return PageAnswer.Ok(await cache.GetOrLoadAsync($"page/search/{framed.Version}",
                () => RenderAsync(Model(framed.Frame, "", [], null, [], PageLinks.None)), page => page.SizeInBytes, cancellationToken));
        }
        var text = query["q"].ToString();
        if (SearchParameters.Read(query, out var errors) is not { } search)
        {
            var refused = Model(framed.Frame, text, errors.Select(error => new FieldMessage(error.Field, error.Reason)).ToList(), null, [], PageLinks.None);
            return PageAnswer.With(StatusCodes.Status400BadRequest, await RenderAsync(refused));
        }

        using var view = await replica.OpenAsync(cancellationToken);
        var key = $"page/search/{framed.Version}/{view.Version}/{QueryString.Create(query)}";
        return PageAnswer.Ok(await cache.GetOrLoadAsync(key, () =>
        {
            var results = view.Search(search);
            var next = SearchParameters.Continuation(search, results.Next);
            return RenderAsync(Model(framed.Frame, text, [], results.Total,
                results.Hits.Select(hit => new SearchResultModel(ArticlePages.ArticlePath(hit.Slug), hit.TitleHighlight, hit.TextHighlight, hit.Published)).ToList(),
                new PageLinks(next is null ? null : Link(query, next), search.After is null ? null : Link(query, null))));
        }, page => page.SizeInBytes, cancellationToken));
    }

    private static SearchPageModel Model(
        SiteFrame frame, string text, IReadOnlyList<FieldMessage> errors, int? total, IReadOnlyList<SearchResultModel> results, PageLinks paging) =>
        new(frame, new PageHead(errors.Count > 0 ? "Error: Search" : text.Length > 0 ? $"Search: {text}" : "Search",
                "Search the articles of Budapest Post.", Path, Indexable: false),
            text, errors, total, results, paging);

    private async Task<CompressedContent> RenderAsync(SearchPageModel model) =>
        CompressedContent.Html(await renderer.RenderAsync<Templates.SearchPage>(model));

    // The same search at another page: every parameter but the continuation, then the new one.
    private static string Link(IQueryCollection query, string? continuation)
    {
        var parameters = query.Where(pair => pair.Key != "continuation")
            .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string?>(pair.Key, value)))
            .ToList();
        if (continuation is not null)
        {
            parameters.Add(new("continuation", continuation));
        }
        return QueryHelpers.AddQueryString(Path, parameters);
    }
}
