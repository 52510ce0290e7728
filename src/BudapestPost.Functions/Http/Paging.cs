using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using BudapestPost.Core.Validation;
using Azure.Data.Tables;
using BudapestPost.Functions.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace BudapestPost.Functions.Http;

/// <summary>The <c>limit</c> query parameter every paged listing takes.</summary>
public static class Paging
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    /// <summary>Reads <c>limit</c> (default 20, 1–100); on a bad value gives the 400 to answer instead.</summary>
    public static bool TryReadLimit(HttpRequest request, out int limit, [NotNullWhen(false)] out IActionResult? problem)
    {
        var error = ReadLimit(request.Query, DefaultLimit, MaxLimit, out limit);
        problem = error is null ? null : Problems.Validation([error]);
        return error is null;
    }

    /// <summary>
    /// A paged listing's answer: <c>limit</c> and <c>continuation</c> read from the query and given to
    /// <paramref name="read"/>; 400 for a bad limit or a continuation the listing did not give (null from <paramref name="read"/>).
    /// </summary>
    public static async Task<IActionResult> ListAsync<T>(HttpRequest request, Func<int, string?, Task<ListPage<T>?>> read)
    {
        if (!TryReadLimit(request, out var limit, out var problem))
        {
            return problem;
        }
        var continuation = request.Query["continuation"].ToString();
        var page = await read(limit, continuation.Length == 0 ? null : continuation);
        return page is null ? Problems.InvalidContinuation() : new OkObjectResult(page);
    }

    /// <summary>Reads <c>limit</c> (1 to <paramref name="maxLimit"/>, <paramref name="defaultLimit"/> when absent); the field error when it is bad.</summary>
    public static FieldError? ReadLimit(IQueryCollection query, int defaultLimit, int maxLimit, out int limit)
    {
        limit = defaultLimit;
        return query.TryGetValue("limit", out var text) &&
            (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 || limit > maxLimit)
            ? new FieldError("limit", $"Must be a whole number from 1 to {maxLimit}.")
            : null;
    }

    /// <summary>
    /// One page of a listing kept in row-key order, its continuation bound to <paramref name="scope"/>; null when
    /// <paramref name="continuation"/> is not a token this listing gave.
    /// </summary>
    public static async Task<ListPage<TItem>?> ReadListPageAsync<TEntity, TItem>(
        this TableClient table, string scope, string filter, int limit, string? continuation, Func<TEntity, TItem> map,
        CancellationToken cancellationToken)
        where TEntity : class, ITableEntity
    {
        string? storageToken = null;
        if (continuation is not null && !ContinuationToken.TryDecode(continuation, scope, out storageToken))
        {
            return null;
        }
        var page = await table.ReadPageAsync<TEntity>(filter, limit, storageToken, null, cancellationToken);
        return page is { } found
            ? new ListPage<TItem>(found.Items.Select(map).ToList(), ContinuationToken.Encode(scope, found.Continuation))
            : null;
    }
}

/// <summary>One page of a newest-first listing; <see cref="Continuation"/> is null on the last page.</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Continuation);
