using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// One page of a table query resumed from a storage continuation token: how every listing that is
/// served in row-key order pages without reading more than it returns.
/// </summary>
public static class TablePages
{
    /// <summary>
    /// Up to <paramref name="limit"/> rows from <paramref name="continuationToken"/> on and the token of the next
    /// page (null on the last); null when storage rejects the token (it was not one it gave).
    /// </summary>
    public static async Task<(IReadOnlyList<T> Items, string? Continuation)?> ReadAsync<T>(
        TableClient table, string filter, int limit, string? continuationToken, IEnumerable<string>? select,
        CancellationToken cancellationToken)
        where T : class, ITableEntity
    {
        var query = table.QueryAsync<T>(filter, limit, select, cancellationToken);
        try
        {
            await foreach (var page in query.AsPages(continuationToken, limit))
            {
                return (page.Values, page.ContinuationToken);
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 400)
        {
            return null;
        }
        return ([], null);
    }
}
