using Azure;
using Azure.Data.Tables;

namespace BudapestPost.Functions.Storage;

/// <summary>The two table reads that need more than the SDK's call: a row that may be missing, and one page of a listing.</summary>
public static class TableReads
{
    /// <summary>The row, or null when there is none.</summary>
    public static async Task<T?> FindAsync<T>(
        this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken, IEnumerable<string>? select = null)
        where T : class, ITableEntity
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, select, cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> rows from <paramref name="continuationToken"/> on and the token of the next
    /// page (null on the last): how every listing served in row-key order pages without reading more than it
    /// returns. Null when storage rejects the token (it was not one it gave).
    /// </summary>
    public static async Task<(IReadOnlyList<T> Items, string? Continuation)?> ReadPageAsync<T>(
        this TableClient table, string filter, int limit, string? continuationToken, IEnumerable<string>? select,
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
