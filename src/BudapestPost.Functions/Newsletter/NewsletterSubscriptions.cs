using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BudapestPost.Core.Newsletter;
using BudapestPost.Core.Validation;
using BudapestPost.Functions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Newsletter;

public enum SignUpOutcome
{
    /// <summary>Taken (or silently dropped, for an address already subscribed or over its daily cap): the caller cannot tell which.</summary>
    Accepted,
    RateLimited,

    /// <summary>Stored, but the mail server could not take the confirmation email: the reader should try again later.</summary>
    MailUnavailable,
}

public sealed record SignUpResult(SignUpOutcome Outcome, TimeSpan RetryAfter = default);

/// <summary>Subscriber numbers for editors: by status, and subscribed readers by topic ("" = everything).</summary>
public sealed record SubscriberCounts(IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> ByTopic);

/// <summary>
/// Double opt-in: a sign-up makes the address pending and mails it a confirmation link; following the link
/// subscribes it; the link in every email unsubscribes it in one click. The sign-up's answer never depends on
/// the address's state, and an address gets at most a few confirmation emails a day however often it is
/// submitted, so nobody can learn who subscribes or flood someone else's inbox through the form.
/// </summary>
public sealed class NewsletterSubscriptions(
    SubscriberStore subscribers,
    DeliveryLog deliveries,
    NewsletterState state,
    NewsletterLinks links,
    SmtpMailSender mail,
    IOptions<NewsletterOptions> options,
    TimeProvider time,
    ILogger<NewsletterSubscriptions> logger)
{
    private const int MaxAttempts = 5;
    private static readonly string[] CountColumns = [nameof(SubscriberEntity.Status), nameof(SubscriberEntity.Topics)];

    public async Task<SignUpResult> SignUpAsync(SubscriptionRequest request, string clientAddress, CancellationToken cancellationToken)
    {
        var decision = await state.AcquireSignUpAsync(await ClientHashAsync(clientAddress, cancellationToken), cancellationToken);
        if (!decision.Allowed)
        {
            return new SignUpResult(SignUpOutcome.RateLimited, decision.RetryAfter);
        }

        var key = NewsletterToken.SubscriberKey(request.Email);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var subscriber = await subscribers.FindAsync(key, cancellationToken) ?? new SubscriberEntity { RowKey = key, Created = now };
            var today = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var sentToday = subscriber.ConfirmationsDay == today ? subscriber.ConfirmationsSent : 0;
            if (subscriber.Is(SubscriberStatus.Subscribed) || sentToday >= options.Value.ConfirmationsPerAddressPerDay)
            {
                logger.LogInformation("Sign-up of subscriber {SubscriberKey} needs no email ({Status}, {Sent} sent today)", key, subscriber.Status, sentToday);
                return new SignUpResult(SignUpOutcome.Accepted);
            }

            subscriber.Email = request.Email;
            subscriber.Name = request.Name;
            subscriber.Topics = string.Join(',', request.Topics);
            subscriber.Set(SubscriberStatus.Pending);
            subscriber.ConfirmationsDay = today;
            subscriber.ConfirmationsSent = sentToday + 1;
            if (await subscribers.TrySaveAsync(subscriber, cancellationToken))
            {
                return new SignUpResult(await SendConfirmationAsync(subscriber, now, cancellationToken)
                    ? SignUpOutcome.Accepted : SignUpOutcome.MailUnavailable, options.Value.MailRetryAfter);
            }
        }
        throw new InvalidOperationException($"Subscriber {key} kept changing during {MaxAttempts} attempts to sign it up.");
    }

    /// <summary>Subscribes the token's address; false when the link is unknown, expired or superseded.</summary>
    public async Task<bool> ConfirmAsync(string? token, CancellationToken cancellationToken)
    {
        if (!NewsletterToken.IsWellFormed(token))
        {
            return false;
        }
        var row = await subscribers.FindTokenAsync(NewsletterToken.Hash(token!), cancellationToken);
        var now = time.GetUtcNow();
        if (row is null || row.Expires <= now)
        {
            return false;
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var subscriber = await subscribers.FindAsync(row.SubscriberKey, cancellationToken);
            if (subscriber is null || row.Used is not null)
            {
                // A used link only confirms again; it never undoes a later unsubscribe.
                return subscriber?.Is(SubscriberStatus.Subscribed) == true;
            }
            subscriber.Set(SubscriberStatus.Subscribed);
            subscriber.Confirmed = now;
            if (await subscribers.TrySaveAsync(subscriber, cancellationToken))
            {
                row.Used = now;
                await subscribers.SaveTokenAsync(row, cancellationToken);
                logger.LogInformation("Subscriber {SubscriberKey} confirmed", row.SubscriberKey);
                return true;
            }
        }
        throw new InvalidOperationException($"Subscriber {row.SubscriberKey} kept changing during {MaxAttempts} attempts to confirm it.");
    }

    /// <summary>Unsubscribes the token's address; false for a forged token or an erased subscriber.</summary>
    public async Task<bool> UnsubscribeAsync(string? token, CancellationToken cancellationToken)
    {
        if (!UnsubscribeToken.TryRead(await state.UnsubscribeKeyAsync(cancellationToken), token, out var key))
        {
            return false;
        }
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var subscriber = await subscribers.FindAsync(key, cancellationToken);
            if (subscriber is null)
            {
                return false;
            }
            if (subscriber.Is(SubscriberStatus.Unsubscribed))
            {
                return true;
            }
            subscriber.Set(SubscriberStatus.Unsubscribed);
            subscriber.Unsubscribed = time.GetUtcNow();
            if (await subscribers.TrySaveAsync(subscriber, cancellationToken))
            {
                logger.LogInformation("Subscriber {SubscriberKey} unsubscribed", key);
                return true;
            }
        }
        throw new InvalidOperationException($"Subscriber {key} kept changing during {MaxAttempts} attempts to unsubscribe it.");
    }

    /// <summary>Reads every subscriber row (two columns): an editor's occasional question, not a reader's request.</summary>
    public async Task<SubscriberCounts> CountAsync(CancellationToken cancellationToken)
    {
        var byStatus = Enum.GetValues<SubscriberStatus>().ToDictionary(SubscriberEntity.NameOf, _ => 0);
        var byTopic = new SortedDictionary<string, int>(StringComparer.Ordinal);
        await foreach (var subscriber in subscribers.AllAsync(CountColumns, cancellationToken))
        {
            byStatus[subscriber.Status] = byStatus.GetValueOrDefault(subscriber.Status) + 1;
            if (subscriber.Is(SubscriberStatus.Subscribed))
            {
                foreach (var topic in subscriber.TopicList.DefaultIfEmpty(""))
                {
                    byTopic[topic] = byTopic.GetValueOrDefault(topic) + 1;
                }
            }
        }
        return new SubscriberCounts(byStatus, byTopic);
    }

    /// <summary>Deletes every row about the address (subscriber, tokens, deliveries); returns how many there were.</summary>
    public async Task<int> EraseAsync(string email, CancellationToken cancellationToken)
    {
        var key = NewsletterToken.SubscriberKey(EmailAddress.Normalize(email));
        var deleted = await deliveries.EraseAsync(key, cancellationToken);
        await foreach (var token in subscribers.TokensOfAsync(key, cancellationToken))
        {
            await subscribers.DeleteAsync(token, cancellationToken);
            deleted++;
        }
        if (await subscribers.FindAsync(key, cancellationToken) is { } subscriber)
        {
            await subscribers.DeleteAsync(subscriber, cancellationToken);
            deleted++;
        }
        logger.LogInformation("Erased subscriber {SubscriberKey}: {Rows} rows", key, deleted);
        return deleted;
    }

    /// <summary>
    /// Deletes expired confirmation links, and with them addresses that never confirmed: an unconfirmed
    /// address is kept only as long as its link works.
    /// </summary>
    public async Task PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        await foreach (var token in subscribers.ExpiredTokensAsync(time.GetUtcNow(), cancellationToken))
        {
            var subscriber = await subscribers.FindAsync(token.SubscriberKey, cancellationToken);
            if (token.Used is null && subscriber?.Is(SubscriberStatus.Pending) == true)
            {
                if (subscriber.Confirmed is not null)
                {
                    // Subscribed once, then unsubscribed, then never confirmed again: digests were sent to it.
                    await deliveries.EraseAsync(subscriber.RowKey, cancellationToken);
                }
                await subscribers.DeleteAsync(subscriber, cancellationToken);
                logger.LogInformation("Removed unconfirmed subscriber {SubscriberKey}", subscriber.RowKey);
            }
            await subscribers.DeleteAsync(token, cancellationToken);
        }
    }

    /// <summary>False when the mail server could not be reached or refused for now; the new link is stored either way.</summary>
    private async Task<bool> SendConfirmationAsync(SubscriberEntity subscriber, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Only the newest link works: earlier ones are removed before the new one is mailed.
        await foreach (var old in subscribers.TokensOfAsync(subscriber.RowKey, cancellationToken))
        {
            await subscribers.DeleteAsync(old, cancellationToken);
        }
        var token = NewsletterToken.Create();
        var validity = options.Value.ConfirmationValidity;
        await subscribers.SaveTokenAsync(
            new TokenEntity { RowKey = NewsletterToken.Hash(token), SubscriberKey = subscriber.RowKey, Expires = now + validity }, cancellationToken);

        var unsubscribe = UnsubscribeToken.Create(await state.UnsubscribeKeyAsync(cancellationToken), subscriber.RowKey);
        var content = NewsletterMail.Confirmation(links.ForSubscriber(unsubscribe), subscriber.Name, links.Confirm(token), validity);
        try
        {
            await mail.SendAsync(subscriber.Email, content, cancellationToken);
        }
        catch (Exception failure) when (SmtpMailSender.IsUnavailable(failure))
        {
            logger.LogWarning(failure, "No confirmation email for subscriber {SubscriberKey}: the mail server is unavailable", subscriber.RowKey);
            return false;
        }
        logger.LogInformation("Sent a confirmation email to subscriber {SubscriberKey}", subscriber.RowKey);
        return true;
    }

    // Client addresses are only kept as a keyed hash, as for feedback.
    private async Task<string> ClientHashAsync(string clientAddress, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            await state.UnsubscribeKeyAsync(cancellationToken), Encoding.UTF8.GetBytes("client\n" + clientAddress)), 0, 16);
}
