using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>The statuses a subscriber goes through: pending → subscribed → unsubscribed (→ pending again on a new sign-up).</summary>
public enum SubscriberStatus
{
    Pending,
    Subscribed,
    Unsubscribed,
}

/// <summary>A subscriber row (PK <c>subscribers</c>, RK subscriber key).</summary>
public sealed class SubscriberEntity : ITableEntity
{
    public string PartitionKey { get; set; } = NewsletterKeys.SubscribersPartition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Email { get; set; } = "";

    /// <summary>Chosen topics joined with commas (topics are slugs); empty for the whole newsletter.</summary>
    public string Topics { get; set; } = "";
    public string Status { get; set; } = "";
    public DateTimeOffset Created { get; set; }
    public DateTimeOffset? Confirmed { get; set; }
    public DateTimeOffset? Unsubscribed { get; set; }

    /// <summary>The UTC day <see cref="ConfirmationsSent"/> counts for (yyyy-MM-dd).</summary>
    public string ConfirmationsDay { get; set; } = "";
    public int ConfirmationsSent { get; set; }

    /// <summary>The queued sign-up that last counted against <see cref="ConfirmationsSent"/>, so its retries are not counted again.</summary>
    public string? SignUp { get; set; }

    public static string NameOf(SubscriberStatus status) => status.ToString().ToLowerInvariant();

    public bool Is(SubscriberStatus status) => Status == NameOf(status);

    public void Set(SubscriberStatus status) => Status = NameOf(status);

    [IgnoreDataMember]
    public IReadOnlyList<string> TopicList => Topics.Length == 0 ? [] : Topics.Split(',');
}

/// <summary>A confirmation token row (PK <c>tokens</c>, RK SHA-256 of the token).</summary>
public sealed class TokenEntity : ITableEntity
{
    public string PartitionKey { get; set; } = NewsletterKeys.TokensPartition;
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string SubscriberKey { get; set; } = "";
    public DateTimeOffset Expires { get; set; }

    /// <summary>Set when the link was followed; a used link can only confirm again, never re-subscribe.</summary>
    public DateTimeOffset? Used { get; set; }
}

/// <summary>The subscribers and their confirmation tokens in the Newsletter table.</summary>
public sealed class SubscriberStore(TableServiceClient tables, IOptions<StorageOptions> storage)
{
    private readonly TableClient _table = tables.GetTableClient(storage.Value.NewsletterTable);

    public Task<SubscriberEntity?> FindAsync(string subscriberKey, CancellationToken cancellationToken) =>
        _table.FindAsync<SubscriberEntity>(NewsletterKeys.SubscribersPartition, subscriberKey, cancellationToken);

    /// <summary>Adds a new subscriber or replaces one read before; false when someone else wrote it first.</summary>
    public async Task<bool> TrySaveAsync(SubscriberEntity subscriber, CancellationToken cancellationToken) =>
        await _table.TrySubmitAsync([ConditionalWrite.AddOrReplace(subscriber, subscriber.ETag)], cancellationToken) is not null;

    public Task<TokenEntity?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken) =>
        _table.FindAsync<TokenEntity>(NewsletterKeys.TokensPartition, tokenHash, cancellationToken);

    public Task SaveTokenAsync(TokenEntity token, CancellationToken cancellationToken) =>
        _table.UpsertEntityAsync(token, TableUpdateMode.Replace, cancellationToken);

    /// <summary>The confirmation tokens issued to one subscriber (few: older ones are removed on each sign-up).</summary>
    public IAsyncEnumerable<TokenEntity> TokensOfAsync(string subscriberKey, CancellationToken cancellationToken) =>
        _table.QueryAsync<TokenEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {NewsletterKeys.TokensPartition} and SubscriberKey eq {subscriberKey}"),
            cancellationToken: cancellationToken);

    /// <summary>Tokens past their expiry, oldest first, for the daily clean-up.</summary>
    public IAsyncEnumerable<TokenEntity> ExpiredTokensAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _table.QueryAsync<TokenEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {NewsletterKeys.TokensPartition} and Expires lt {now}"),
            cancellationToken: cancellationToken);

    public Task DeleteAsync(ITableEntity row, CancellationToken cancellationToken) =>
        _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken);

    /// <summary>Subscribers whose key lies in [<paramref name="from"/>, <paramref name="to"/>) (null: to the end), in key order.</summary>
    public IAsyncEnumerable<SubscriberEntity> RangeAsync(string from, string? to, CancellationToken cancellationToken)
    {
        var filter = to is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {NewsletterKeys.SubscribersPartition} and RowKey ge {from}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {NewsletterKeys.SubscribersPartition} and RowKey ge {from} and RowKey lt {to}");
        return _table.QueryAsync<SubscriberEntity>(filter, cancellationToken: cancellationToken);
    }

    /// <summary>Every subscriber, with only the given columns read.</summary>
    public IAsyncEnumerable<SubscriberEntity> AllAsync(IEnumerable<string> columns, CancellationToken cancellationToken) =>
        _table.QueryAsync<SubscriberEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {NewsletterKeys.SubscribersPartition}"),
            select: columns, cancellationToken: cancellationToken);
}
