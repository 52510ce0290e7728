using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Storage.Blobs;
using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Storage;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

/// <summary>What one batch did: emails sent, and subscribers skipped because an earlier attempt already claimed them.</summary>
public sealed record BatchOutcome(int Sent, int AlreadyClaimed, int Refused);

/// <summary>
/// Sends one batch of a digest over one SMTP connection: each subscribed reader in the batch's key range
/// whose topics match at least one article gets the articles that match, once. Each delivery is claimed in
/// the <see cref="DeliveryLog"/> before it is sent; a failure that certainly sent nothing (the server
/// refused or could not be reached) gives the claim back and fails the invocation so the queue retries it.
/// </summary>
public sealed class DigestSender(
    BlobServiceClient blobs,
    SubscriberStore subscribers,
    DeliveryLog deliveries,
    NewsletterState state,
    NewsletterLinks links,
    SmtpMailSender mail,
    IOptions<NewsletterOptions> options,
    ILogger<DigestSender> logger)
{
    // A digest is read by every batch; keep the few recent ones instead of downloading it each time.
    private readonly ConcurrentDictionary<string, Task<DigestDocument?>> _documents = new();

    public async Task<BatchOutcome> SendAsync(DigestBatch batch, CancellationToken cancellationToken)
    {
        var digest = await DocumentAsync(batch.DigestId, cancellationToken)
            ?? throw new InvalidOperationException($"Digest {batch.DigestId} has no article list ({DigestPlanner.BlobName(batch.DigestId)}).");
        var secret = await state.UnsubscribeKeyAsync(cancellationToken);
        SmtpMailSender.Session? session = null;
        var (sent, claimed, refused) = (0, 0, 0);
        try
        {
            await foreach (var subscriber in subscribers.RangeAsync(batch.From, batch.To, cancellationToken))
            {
                var matching = digest.Articles.Where(a => a.MatchesAny(subscriber.TopicList)).ToList();
                if (!subscriber.Is(SubscriberStatus.Subscribed) || matching.Count == 0)
                {
                    continue;
                }
                if (!await deliveries.TryClaimAsync(subscriber.RowKey, digest.Id, cancellationToken))
                {
                    claimed++;
                    continue;
                }
                var content = NewsletterMail.Digest(
                    links.ForSubscriber(UnsubscribeToken.Create(secret, subscriber.RowKey)), digest.Date, matching, links.Article);
                session ??= await OpenOrReleaseAsync(subscriber.RowKey, digest.Id, cancellationToken);
                if (await SendOneAsync(session, subscriber, digest.Id, content, cancellationToken))
                {
                    sent++;
                }
                else
                {
                    refused++;
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
        logger.LogInformation("Digest {DigestId} batch [{From}, {To}): {Sent} sent, {Claimed} sent before, {Refused} refused",
            digest.Id, batch.From, batch.To ?? "end", sent, claimed, refused);
        return new BatchOutcome(sent, claimed, refused);
    }

    /// <summary>True when sent; false when the server refused this recipient for good (recorded with its reason).</summary>
    private async Task<bool> SendOneAsync(
        SmtpMailSender.Session session, SubscriberEntity subscriber, string digestId, MailContent content, CancellationToken cancellationToken)
    {
        try
        {
            await session.SendAsync(subscriber.Email, content, cancellationToken);
        }
        catch (SmtpCommandException refusal) when ((int)refusal.StatusCode >= 500)
        {
            await deliveries.RecordAsync(subscriber.RowKey, digestId, DeliveryLog.Refused, $"{(int)refusal.StatusCode} {refusal.Message}", cancellationToken);
            logger.LogWarning("Digest {DigestId} refused for subscriber {SubscriberKey}: {Reason}", digestId, subscriber.RowKey, refusal.Message);
            return false;
        }
        catch (SmtpCommandException)
        {
            // A temporary refusal (4xx): nothing was sent; the retry of this batch sends it.
            await deliveries.ReleaseAsync(subscriber.RowKey, digestId, CancellationToken.None);
            throw;
        }
        await deliveries.RecordAsync(subscriber.RowKey, digestId, DeliveryLog.Sent, null, cancellationToken);
        return true;
    }

    private async Task<SmtpMailSender.Session> OpenOrReleaseAsync(string subscriberKey, string digestId, CancellationToken cancellationToken)
    {
        try
        {
            return await mail.OpenAsync(cancellationToken);
        }
        catch
        {
            await deliveries.ReleaseAsync(subscriberKey, digestId, CancellationToken.None);
            throw;
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
        var blob = blobs.GetBlobContainerClient(options.Value.Container).GetBlobClient(DigestPlanner.BlobName(digestId));
        var content = await BlobDownloads.IfExistsAsync(blob, cancellationToken);
        return content?.Content.ToObjectFromJson<DigestDocument>(JsonSerializerOptions.Web);
    }
}
