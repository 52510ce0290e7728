using BudapestPost.Core.Search;
using BudapestPost.Core.Validation;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Caching;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Search;

/// <summary>
/// Full-text search and title completions, answered from this instance's replica (memory-mapped: no storage
/// call per query), cached by browsers and CDN edges for <see cref="ReadCacheOptions.FreshFor"/> as article reads are.
/// </summary>
public sealed class SearchHttp(SearchReplica replica, IOptions<ReadCacheOptions> cacheOptions)
{
    private readonly TimeSpan _freshFor = cacheOptions.Value.FreshFor;

    [Function(nameof(SearchArticles))]
    public async Task<IActionResult> SearchArticles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/search")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (SearchParameters.Read(request.Query, out var errors) is not { } search)
        {
            return Problems.Validation(errors);
        }

        using var view = await replica.OpenAsync(cancellationToken);
        return HttpCaching.Cacheable(request, HttpCaching.StrongETag(view.Version, request.QueryString.Value ?? ""), _freshFor, () =>
        {
            var results = view.Search(search);
            return new OkObjectResult(new SearchResponse(
                results.Hits.Select(SearchResponseItem.From).ToList(), results.Total, SearchParameters.Continuation(search, results.Next)));
        });
    }

    [Function(nameof(SuggestTitles))]
    public async Task<IActionResult> SuggestTitles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/search/suggest")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var prefix = SearchParameters.ReadQuery(request.Query, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        using var view = await replica.OpenAsync(cancellationToken);
        return HttpCaching.Cacheable(request, HttpCaching.StrongETag(view.Version, prefix), _freshFor, () => new OkObjectResult(new
        {
            items = view.Suggest(prefix).Select(s => new { s.Slug, s.Title, url = ArticleUrls.Article(s.Slug) }),
        }));
    }
}

public sealed record SearchResponse(IReadOnlyList<SearchResponseItem> Items, int Total, string? Continuation);

public sealed record SearchResponseItem(string Slug, string Title, string Lead, DateTimeOffset Published, string Url, float Score, SearchHighlights Highlights)
{
    public static SearchResponseItem From(SearchHit hit) => new(hit.Slug, hit.Title, hit.Lead, hit.Published,
        ArticleUrls.Article(hit.Slug), hit.Score, new SearchHighlights(hit.TitleHighlight, hit.TextHighlight));
}

/// <summary>HTML-escaped text in which only <c>&lt;mark&gt;</c> is markup.</summary>
public sealed record SearchHighlights(string Title, string Text);
