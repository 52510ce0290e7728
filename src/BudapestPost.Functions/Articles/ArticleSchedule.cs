using System.Globalization;
using Azure;
using Azure.Data.Tables;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;

namespace BudapestPost.Functions.Articles;

/// <summary>An article version waiting for its time, as editors see it.</summary>
public sealed record ScheduledArticle(string Slug, string Title, DateTimeOffset Published);

/// <summary>
/// The versions waiting for their time, in partition <c>scheduled</c> of the <c>Articles</c> table: one row per
/// article keyed by its time (<c>{UTC ticks}_{slug}</c>), so what is due is one range read from the start of the
/// partition however many articles there are, and one row <c>~{slug}</c> naming it, so a new upload of the file
/// finds the time it moves or cancels. Both change in one table transaction; the publisher writes them under
/// the slug's turn.
/// </summary>
public sealed class ArticleSchedule(TableClient table)
{
    /// <summary>How far ahead of its upload a <c>published</c> time may be and still count as now: the uploader's clock may run ahead.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public const string Partition = "scheduled";
    private const string SlugRowPrefix = "~";

    private const string Scope = "scheduled";

    /// <summary>
    /// When a version goes live, if that is still ahead: a published article dated more than <see cref="ClockSkew"/>
    /// after its file was stored waits until its date. Judged from the file alone, so every reader of the file
    /// (the catalog, the related and search indexes) agrees, and all of them see it live once its time has come.
    /// </summary>
    public static DateTimeOffset? WaitsUntil(Article article, SourceVersion source, DateTimeOffset now) =>
        article.Status == ArticleStatus.Published && article.Published > source.LastModified + ClockSkew && article.Published > now
            ? article.Published
            : null;

    /// <summary>The slug's scheduled version, or null when none waits.</summary>
    public Task<ScheduleEntity?> FindAsync(string slug, CancellationToken cancellationToken) =>
        table.FindAsync<ScheduleEntity>(Partition, SlugRowPrefix + slug, cancellationToken);

    /// <summary>Schedules <paramref name="article"/>, in place of <paramref name="previous"/> (the row read under the same turn).</summary>
    public async Task SetAsync(Article article, SourceVersion source, ScheduleEntity? previous, CancellationToken cancellationToken)
    {
        var at = TimeRowKey(article.Published, article.Slug);
        var row = new ScheduleEntity
        {
            PartitionKey = Partition, RowKey = SlugRowPrefix + article.Slug, Slug = article.Slug, Title = article.Title,
            Published = article.Published, TimeRowKey = at, ContentHash = article.ContentHash, BlobLastModified = source.LastModified,
        };
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertReplace, row),
            new(TableTransactionActionType.UpsertReplace, new ScheduleEntity
            {
                PartitionKey = Partition, RowKey = at, Slug = article.Slug, Title = article.Title, Published = article.Published,
            }),
        };
        if (previous is not null && previous.TimeRowKey != at)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, previous.TimeRowKey), ETag.All));
        }
        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    /// <summary>Takes <paramref name="scheduled"/> (the row read under the slug's turn) off the schedule.</summary>
    public async Task RemoveAsync(ScheduleEntity scheduled, CancellationToken cancellationToken)
    {
        // Under the slug's turn nobody else changes these rows; a retry after a crash finds them gone.
        foreach (var rowKey in new[] { scheduled.TimeRowKey, scheduled.RowKey })
        {
            await ConditionalWrite.TryAsync(() => table.DeleteEntityAsync(Partition, rowKey, ETag.All, cancellationToken));
        }
    }

    /// <summary>Up to <paramref name="limit"/> versions due by <paramref name="until"/>, soonest first: one range read.</summary>
    public async Task<IReadOnlyList<ScheduledArticle>> DueAsync(DateTimeOffset until, int limit, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition} and RowKey lt {TimeRowKey(until.AddTicks(1), "")}");
        var due = new List<ScheduledArticle>();
        await foreach (var row in table.QueryAsync<ScheduleEntity>(filter, limit, cancellationToken: cancellationToken))
        {
            due.Add(new ScheduledArticle(row.Slug, row.Title, row.Published));
            if (due.Count == limit)
            {
                break;
            }
        }
        return due;
    }

    /// <summary>One page of the schedule, soonest first; null when the continuation is not one this listing gave.</summary>
    public Task<ListPage<ScheduledArticle>?> ListAsync(int limit, string? continuation, CancellationToken cancellationToken) =>
        table.ReadListPageAsync<ScheduleEntity, ScheduledArticle>(Scope,
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {SlugRowPrefix}"), limit, continuation,
            row => new ScheduledArticle(row.Slug, row.Title, row.Published), cancellationToken);

    // Digits sort before the '~' of the slug rows, so the time rows come first and in time order.
    private static string TimeRowKey(DateTimeOffset at, string slug) =>
        at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "_" + slug;
}

/// <summary>A row of the <c>scheduled</c> partition: a time row (slug, title, time) or a slug row, which also names its time row and version.</summary>
public sealed class ScheduleEntity : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTimeOffset Published { get; set; }

    // Only on the slug row.
    public string TimeRowKey { get; set; } = "";
    public string? ContentHash { get; set; }
    public DateTimeOffset? BlobLastModified { get; set; }
}
