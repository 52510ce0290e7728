using Azure.Data.Tables;
using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>
/// The newsletter's own bookkeeping rows in partition <c>~state</c>: the key that signs unsubscribe links and keys
/// subscribers' rows (32 random bytes made on first use, so there is no secret to configure and every instance shares it)
/// and per-client fixed-window sign-up counters, counted in the table so all instances share them.
/// </summary>
public sealed class NewsletterState(TableServiceClient tables, IOptions<StorageOptions> storage, IOptions<NewsletterOptions> options, TimeProvider time)
    : IDisposable
{
    private readonly TableSecretKey _unsubscribeKey = new(
        tables.GetTableClient(storage.Value.NewsletterTable), NewsletterKeys.StatePartition, NewsletterKeys.UnsubscribeKeyRow);
    private readonly FixedWindowCounter _counters = new(tables.GetTableClient(storage.Value.NewsletterTable), time);

    public Task<byte[]> UnsubscribeKeyAsync(CancellationToken cancellationToken) => _unsubscribeKey.GetAsync(cancellationToken);

    /// <summary>The key of the address's rows: an HMAC under the same secret (<see cref="NewsletterToken.SubscriberKey"/>).</summary>
    public async Task<string> SubscriberKeyAsync(string normalizedEmail, CancellationToken cancellationToken) =>
        NewsletterToken.SubscriberKey(await _unsubscribeKey.GetAsync(cancellationToken), normalizedEmail);

    /// <summary>Counts one sign-up of <paramref name="clientHash"/>; refused (with when to retry) once over the limit.</summary>
    public Task<RateLimitDecision> AcquireSignUpAsync(string clientHash, CancellationToken cancellationToken) =>
        _counters.AcquireAsync(NewsletterKeys.StatePartition, NewsletterKeys.RateRow(clientHash),
            options.Value.PerClientPermitLimit, options.Value.PerClientWindow, cancellationToken);

    public void Dispose() => _counters.Dispose();
}
