using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Blobs;
using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Storage;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>What one batch did: emails sent, subscribers an earlier attempt already claimed, and refusals.</summary>
public sealed record BatchOutcome(int Sent, int AlreadyClaimed, int Refused);

/// <summary>
/// Sends one batch of a digest over one SMTP connection: each subscribed reader in the batch's key range
/// whose topics match at least one article gets the articles that match, once. The batch's deliveries are
/// claimed in the <see cref="DeliveryLog"/> (one transaction) before anything is sent and their outcomes
/// recorded after (one transaction); when the server refuses temporarily or cannot be reached, the claims
/// of everything not yet sent are released and the invocation fails, so the queue's retry sends the rest.
/// </summary>
public sealed class DigestSender(
    BlobServiceClient blobs,
    SubscriberStore subscribers,
    DeliveryLog deliveries,
    NewsletterState state,
    NewsletterLinks links,
    SmtpMailSender mail,
    IOptions<StorageOptions> storage,
    ILogger<DigestSender> logger)
{
    // A digest is read by every batch; keep the few recent ones instead of downloading it each time.
    private readonly ConcurrentDictionary<string, Task<DigestDocument?>> _documents = new();

    public async Task<BatchOutcome> SendAsync(DigestBatch batch, CancellationToken cancellationToken)
    {
        var digest = await DocumentAsync(batch.DigestId, cancellationToken)
            ?? throw new InvalidOperationException($"Digest {batch.DigestId} has no article list ({DigestPlanner.BlobName(batch.DigestId)}).");
        var readers = new Dictionary<string, (SubscriberEntity Subscriber, List<DigestArticle> Articles)>(StringComparer.Ordinal);
        await foreach (var subscriber in subscribers.RangeAsync(batch.From, batch.To, cancellationToken))
        {
            var matching = digest.Articles.Where(a => a.MatchesAny(subscriber.TopicList)).ToList();
            if (subscriber.Is(SubscriberStatus.Subscribed) && matching.Count > 0)
            {
                readers[subscriber.RowKey] = (subscriber, matching);
            }
        }
        var claimed = await deliveries.ClaimAsync(digest.Id, [.. readers.Keys.Order(StringComparer.Ordinal)], cancellationToken);

        var outcomes = new List<(string SubscriberKey, string State, string? Reason)>();
        try
        {
            await SendClaimedAsync(digest, claimed.Select(key => readers[key]).ToList(), outcomes, cancellationToken);
        }
        finally
        {
            await deliveries.RecordAsync(digest.Id, outcomes, CancellationToken.None);
        }
        var result = new BatchOutcome(outcomes.Count(o => o.State == DeliveryLog.Sent), readers.Count - claimed.Count, outcomes.Count(o => o.State == DeliveryLog.Refused));
        logger.LogInformation("Digest {DigestId} batch [{From}, {To}): {Sent} sent, {Claimed} claimed before, {Refused} refused",
            digest.Id, batch.From, batch.To ?? "end", result.Sent, result.AlreadyClaimed, result.Refused);
        return result;
    }

    private async Task SendClaimedAsync(DigestDocument digest, List<(SubscriberEntity Subscriber, List<DigestArticle> Articles)> claimed,
        List<(string, string, string?)> outcomes, CancellationToken cancellationToken)
    {
        if (claimed.Count == 0)
        {
            return;
        }
        var secret = await state.UnsubscribeKeyAsync(cancellationToken);
        var (next, inFlight) = (0, false);
        try
        {
            await using var session = await mail.OpenAsync(cancellationToken);
            for (; next < claimed.Count; next++)
            {
                var (subscriber, articles) = claimed[next];
                var content = NewsletterMail.Digest(
                    links.ForSubscriber(UnsubscribeToken.Create(secret, subscriber.RowKey)), digest.Date, articles, links.Article);
                inFlight = true;
                try
                {
                    await session.SendAsync(subscriber.Email, content, cancellationToken);
                    outcomes.Add((subscriber.RowKey, DeliveryLog.Sent, null));
                }
                catch (SmtpCommandException refusal) when ((int)refusal.StatusCode >= 500)
                {
                    outcomes.Add((subscriber.RowKey, DeliveryLog.Refused, $"{(int)refusal.StatusCode} {refusal.Message}"));
                    // The server's reason may name the address: it is kept in the delivery log, which an erasure clears, not in logs.
                    logger.LogWarning("Digest {DigestId} refused for a subscriber: {Status}", digest.Id, (int)refusal.StatusCode);
                }
                catch (SmtpCommandException)
                {
                    inFlight = false; // refused for now (4xx): certainly not sent
                    throw;
                }
                inFlight = false;
            }
        }
        finally
        {
            // On any failure, emails never attempted are released for the retry; one that was on the wire
            // when the connection broke may have gone out, so it keeps its claim.
            var firstUnsent = inFlight ? next + 1 : next;
            if (firstUnsent < claimed.Count)
            {
                await deliveries.ReleaseAsync(digest.Id, claimed.Skip(firstUnsent).Select(c => c.Subscriber.RowKey), CancellationToken.None);
            }
        }
    }

    private Task<DigestDocument?> DocumentAsync(string digestId, CancellationToken cancellationToken)
    {
        if (_documents.Count > 8)
        {
            _documents.Clear();
        }
        var document = _documents.GetOrAdd(digestId, id => LoadAsync(id, CancellationToken.None));
        if (document.IsFaulted)
        {
            _documents.TryRemove(digestId, out _);
        }
        return document.WaitAsync(cancellationToken);
    }

    private async Task<DigestDocument?> LoadAsync(string digestId, CancellationToken cancellationToken)
    {
        var blob = blobs.GetBlobContainerClient(storage.Value.NewsletterContainer).GetBlobClient(DigestPlanner.BlobName(digestId));
        var content = await BlobDownloads.IfExistsAsync(blob, cancellationToken);
        return content?.Content.ToObjectFromJson<DigestDocument>(JsonSerializerOptions.Web);
    }
}
