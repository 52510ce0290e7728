using System.Globalization;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Search;
using BudapestPost.Core.Validation;
using BudapestPost.Functions.Http;
using Microsoft.AspNetCore.Http;

namespace BudapestPost.Functions.Search;

/// <summary>Reads and checks the query string of the search endpoints.</summary>
public static class SearchParameters
{
    public const int MaxQueryLength = 200;
    public const int DefaultLimit = 10;

    /// <summary>The search the query string asks for, or the field errors to answer with a 400.</summary>
    public static SearchRequest? Read(IQueryCollection query, out List<FieldError> errors)
    {
        errors = [];
        var q = ReadQuery(query, errors);
        var tag = ReadSlug(query, "tag", errors);
        var section = ReadSlug(query, "section", errors);
        var from = ReadDate(query, "from", errors);
        var to = ReadDate(query, "to", errors);
        if (from > to)
        {
            errors.Add(new FieldError("to", "Must not be before from."));
        }
        var sort = query["sort"].ToString() switch
        {
            "" or "relevance" => SearchSort.Relevance,
            "newest" => SearchSort.Newest,
            _ => Invalid(errors, "sort", "Must be relevance or newest.", SearchSort.Relevance),
        };
        if (Paging.ReadLimit(query, DefaultLimit, ArticleSearcher.MaxLimit, out var limit) is { } limitError)
        {
            errors.Add(limitError);
        }
        var request = new SearchRequest(q, tag, section, from, to, sort, limit);
        var after = ReadContinuation(query, request, errors);
        return errors.Count == 0 ? request with { After = after } : null;
    }

    /// <summary>The continuation a page of <paramref name="request"/>'s results gives for the next.</summary>
    public static string? Continuation(SearchRequest request, SearchCursor? next) =>
        next is null ? null : ContinuationToken.Encode(Scope(request), next.ToString());

    /// <summary>The <c>q</c> text: 1 to 200 characters once trimmed; anything in it is fair (the parser takes any text).</summary>
    public static string ReadQuery(IQueryCollection query, List<FieldError> errors)
    {
        var q = query["q"].ToString().Trim();
        if (q.Length is 0 or > MaxQueryLength)
        {
            errors.Add(new FieldError("q", $"Must be 1 to {MaxQueryLength} characters."));
        }
        return q;
    }

    private static string? ReadSlug(IQueryCollection query, string name, List<FieldError> errors)
    {
        var value = query[name].ToString();
        return value.Length == 0 ? null
            : Slug.IsValid(value) ? value
            : Invalid<string?>(errors, name, $"Must be a slug: {Slug.Rule}.", null);
    }

    private static DateTimeOffset? ReadDate(IQueryCollection query, string name, List<FieldError> errors)
    {
        var value = query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }
        // A bare date means the whole day: "to=2025-02-14" includes that day's articles.
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return name == "to" ? start.AddDays(1).AddTicks(-1) : start;
        }
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant
            : Invalid<DateTimeOffset?>(errors, name, "Must be a date (2025-02-14) or an ISO 8601 time with offset.", null);
    }

    private static SearchCursor? ReadContinuation(IQueryCollection query, SearchRequest request, List<FieldError> errors)
    {
        var token = query["continuation"].ToString();
        if (token.Length == 0 || errors.Count > 0)
        {
            return null;
        }
        return ContinuationToken.TryDecode(token, Scope(request), out var inner) && SearchCursor.TryParse(inner!, out var cursor) && cursor!.Sort == request.Sort
            ? cursor
            : Invalid<SearchCursor?>(errors, "continuation", "Is not a token this search returned; start again without it.", null);
    }

    /// <summary>Everything but the page: a continuation only continues the search it came from.</summary>
    private static string Scope(SearchRequest request) => string.Join('\u001f',
        request.Query, request.Tag, request.Section, request.From?.UtcTicks, request.To?.UtcTicks, request.Sort);

    private static T Invalid<T>(List<FieldError> errors, string field, string reason, T value)
    {
        errors.Add(new FieldError(field, reason));
        return value;
    }
}
