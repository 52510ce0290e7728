using Azure;
using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Feedback;

/// <summary>Reads and writes reader reports in the Feedback table. Storage failures surface as <see cref="RequestFailedException"/>.</summary>
public sealed class FeedbackStore(TableServiceClient tables, IOptions<StorageOptions> options)
{
    private readonly TableClient _table = tables.GetTableClient(options.Value.FeedbackTable);

    public async Task<IdempotencyEntity?> FindIdempotencyAsync(string slug, string idempotencyKey, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<IdempotencyEntity>(
            slug, FeedbackTableKeys.IdempotencyRow(idempotencyKey), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public async Task<FeedbackEntity?> GetAsync(string slug, string id, CancellationToken cancellationToken)
    {
        if (!FeedbackId.IsValid(id))
        {
            return null;
        }
        var response = await _table.GetEntityIfExistsAsync<FeedbackEntity>(slug, id, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Replaces a report if its ETag still matches; returns the new ETag, or null when someone changed it first.</summary>
    public async Task<ETag?> TryReplaceAsync(FeedbackEntity report, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _table.UpdateEntityAsync(report, ifMatch, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Lists reports newest first. With an article this reads one partition from the cursor on and stops
    /// after a page; across articles the table is scanned (rows come partition by partition, so the newest
    /// must be picked from all of them), keeping only one page in memory.
    /// </summary>
    public async Task<ListPage<FeedbackEntity>> ListAsync(FeedbackQuery query, CancellationToken cancellationToken)
    {
        var afterRow = query.After?.RowKey ?? "";
        var status = query.Status?.ToName();
        var filter = (query.Article, status) switch
        {
            (null, null) => TableClient.CreateQueryFilter($"RowKey ge {afterRow} and RowKey lt {FeedbackTableKeys.BookkeepingPrefix}"),
            (null, _) => TableClient.CreateQueryFilter($"RowKey ge {afterRow} and RowKey lt {FeedbackTableKeys.BookkeepingPrefix} and Status eq {status}"),
            (_, null) => TableClient.CreateQueryFilter($"PartitionKey eq {query.Article} and RowKey ge {afterRow} and RowKey lt {FeedbackTableKeys.BookkeepingPrefix}"),
            _ => TableClient.CreateQueryFilter($"PartitionKey eq {query.Article} and RowKey ge {afterRow} and RowKey lt {FeedbackTableKeys.BookkeepingPrefix} and Status eq {status}"),
        };

        var newest = new PriorityQueue<FeedbackEntity, FeedbackEntity>(NewestFirst.Reversed);
        var pageSize = query.Limit + 1; // one more than asked tells whether another page exists
        await foreach (var report in _table.QueryAsync<FeedbackEntity>(filter, maxPerPage: query.Article is null ? 1000 : pageSize, cancellationToken: cancellationToken))
        {
            if (query.After is not null && NewestFirst.Instance.Compare(report, query.After) <= 0)
            {
                continue;
            }
            newest.Enqueue(report, report);
            if (newest.Count > pageSize)
            {
                newest.Dequeue();
            }
            if (query.Article is not null && newest.Count == pageSize)
            {
                break; // one partition arrives already in row-key order
            }
        }

        var items = new List<FeedbackEntity>(newest.Count);
        while (newest.Count > 0)
        {
            items.Add(newest.Dequeue());
        }
        items.Reverse();

        if (items.Count <= query.Limit)
        {
            return new ListPage<FeedbackEntity>(items, null);
        }
        items.RemoveAt(items.Count - 1);
        var last = items[^1];
        return new ListPage<FeedbackEntity>(items, new FeedbackCursor(last.RowKey, last.PartitionKey).ToString());
    }

    /// <summary>Newest-first order: by row key (reverse time), then partition key for the unlikely equal ids.</summary>
    private sealed class NewestFirst : IComparer<FeedbackEntity>
    {
        public static readonly NewestFirst Instance = new();
        public static readonly IComparer<FeedbackEntity> Reversed = Comparer<FeedbackEntity>.Create((a, b) => Instance.Compare(b, a));

        public int Compare(FeedbackEntity? x, FeedbackEntity? y) =>
            Compare(x!.RowKey, x.PartitionKey, y!.RowKey, y.PartitionKey);

        public int Compare(FeedbackEntity x, FeedbackCursor y) =>
            Compare(x.RowKey, x.PartitionKey, y.RowKey, y.PartitionKey);

        private static int Compare(string rowX, string partitionX, string rowY, string partitionY)
        {
            var byRow = string.CompareOrdinal(rowX, rowY);
            return byRow != 0 ? byRow : string.CompareOrdinal(partitionX, partitionY);
        }
    }
}

/// <summary>An editor's list request: optionally one article and one status, newest first, after <see cref="After"/>.</summary>
public sealed record FeedbackQuery(string? Article, FeedbackStatus? Status, int Limit, FeedbackCursor? After);

/// <summary>The last report a page returned; the next page starts after it in newest-first order.</summary>
public sealed record FeedbackCursor(string RowKey, string PartitionKey)
{
    public override string ToString() => $"{RowKey}|{PartitionKey}";

    public static FeedbackCursor? Parse(string value) =>
        value.Split('|') is [var row, var partition] && FeedbackId.IsValid(row) && Core.Articles.Slug.IsValid(partition)
            ? new FeedbackCursor(row, partition)
            : null;
}
