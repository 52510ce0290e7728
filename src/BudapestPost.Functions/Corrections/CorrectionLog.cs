using Azure;
using Azure.Data.Tables;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Corrections;

/// <summary>
/// The public corrections log, newest first. Kept by publishing (<see cref="IArticleLiveListener"/>):
/// when a version goes live, its corrections are written with the article's current title, and
/// a retraction marks them. A correction stays in the log even when its article is retracted or
/// the note is later removed from the file: a newsroom does not hide its corrections. The corrections
/// feed (<see cref="CorrectionFeed"/>) changes with the rows.
/// </summary>
public sealed class CorrectionLog(TableServiceClient tables, IOptions<StorageOptions> options, CorrectionFeed feed) : IArticleLiveListener
{
    private const string Scope = "corrections";
    private readonly TableClient _table = tables.GetTableClient(options.Value.CorrectionsTable);

    public async Task ArticleLiveAsync(Article article, RenderedArticle rendered, CancellationToken cancellationToken)
    {
        if (article.Status == ArticleStatus.Draft)
        {
            return;
        }
        var logged = await _table.QueryAsync<CorrectionLogEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {CorrectionLogEntity.ArticlePartition(article.Slug)}"),
                cancellationToken: cancellationToken)
            .ToDictionaryAsync(row => row.RowKey, cancellationToken: cancellationToken);
        var texts = article.Corrections.ToDictionary(c => CorrectionLogEntity.ArticleRowKey(c.At), c => (c.At, c.Text));
        foreach (var key in logged.Keys)
        {
            texts.TryAdd(key, (logged[key].At, logged[key].Text));
        }

        var changed = texts.Select(correction => new CorrectionLogEntity
            {
                PartitionKey = CorrectionLogEntity.ArticlePartition(article.Slug), RowKey = correction.Key, Slug = article.Slug,
                Title = article.Title, At = correction.Value.At, Text = correction.Value.Text, Retracted = article.Status == ArticleStatus.Retracted,
            })
            .Where(row => !(logged.TryGetValue(row.RowKey, out var old) && old.SameAs(row)))
            .ToList();
        if (changed.Count == 0)
        {
            return;
        }
        // The log rows and the feed first: the article's rows are what a retry compares against.
        foreach (var row in changed)
        {
            await _table.UpsertEntityAsync(Copy(row, CorrectionLogEntity.LogPartition, CorrectionLogEntity.LogRowKey(row.At, article.Slug)),
                TableUpdateMode.Replace, cancellationToken);
        }
        await feed.UpdateAsync(changed, () => NewestAsync(cancellationToken), cancellationToken);
        foreach (var row in changed)
        {
            await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>One page of the log, newest first; null when the continuation is not one this log gave.</summary>
    public Task<ListPage<CorrectionLogItem>?> ListAsync(int limit, string? continuation, CancellationToken cancellationToken) =>
        _table.ReadListPageAsync<CorrectionLogEntity, CorrectionLogItem>(Scope,
            TableClient.CreateQueryFilter($"PartitionKey eq {CorrectionLogEntity.LogPartition}"), limit, continuation, CorrectionLogItem.From,
            cancellationToken);

    // The newest rows of the log: one range read, to start the feed when it does not exist yet.
    private async Task<IReadOnlyList<CorrectionLogEntity>> NewestAsync(CancellationToken cancellationToken) =>
        (await _table.ReadPageAsync<CorrectionLogEntity>( TableClient.CreateQueryFilter($"PartitionKey eq {CorrectionLogEntity.LogPartition}"),
            FeedEntryList.Capacity, null, null, cancellationToken))?.Items ?? [];

    private static CorrectionLogEntity Copy(CorrectionLogEntity row, string partitionKey, string rowKey) => new()
    {
        PartitionKey = partitionKey, RowKey = rowKey, Slug = row.Slug, Title = row.Title, At = row.At, Text = row.Text, Retracted = row.Retracted,
    };
}

/// <summary>A correction as the log shows it.</summary>
public sealed record CorrectionLogItem(string Slug, string Title, string Url, DateTimeOffset At, string Text, bool Retracted)
{
    public static CorrectionLogItem From(CorrectionLogEntity row) =>
        new(row.Slug, row.Title, ArticleUrls.Article(row.Slug), row.At, row.Text, row.Retracted);
}
