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
    /// <summary>Queued: the caller cannot tell whether an email follows (the address may be subscribed or over its daily cap).</summary>
    Accepted,
    RateLimited,
}

public sealed record SignUpResult(SignUpOutcome Outcome, TimeSpan RetryAfter = default);

/// <summary>Subscriber numbers for editors: by status, and subscribed readers by topic ("" = everything).</summary>
public sealed record SubscriberCounts(IReadOnlyDictionary<string, int> ByStatus, IReadOnlyDictionary<string, int> ByTopic);

/// <summary>
/// Double opt-in: a sign-up makes the address pending and mails it a confirmation link; following the link
/// subscribes it; the link in every email unsubscribes it in one click. A sign-up is only counted and queued
/// while the reader waits, so its answer and its timing never depend on the address's state or on the mail server;
/// the queue's handler mails at most a few confirmations a day to one address however often it is submitted, so
/// nobody can learn who subscribes or flood someone else's inbox through the form. Logs name no subscriber.
/// </summary>
public sealed class NewsletterSubscriptions(
    SubscriberStore subscribers,
    DeliveryLog deliveries,
    NewsletterState state,
    NewsletterLinks links,
    SmtpMailSender mail,
    SignUpQueue queue,
    IOptions<NewsletterOptions> options,
    TimeProvider time,
    ILogger<NewsletterSubscriptions> logger)
{
    private const int MaxAttempts = 5;

    /// <summary>How often a confirmation finds the mail server unavailable before its sign-up is left to the poison queue.</summary>
    public const int MaxMailAttempts = 12;

    /// <summary>The longest wait between two tries of an unavailable mail server.</summary>
    private static readonly TimeSpan MaxMailWait = TimeSpan.FromHours(1);

    private static readonly string[] CountColumns = [nameof(SubscriberEntity.Status), nameof(SubscriberEntity.Topics)];

    /// <summary>Counts the sign-up against the client's limit and queues it: the same two storage calls for every address.</summary>
    public async Task<SignUpResult> SignUpAsync(SubscriptionRequest request, string clientAddress, CancellationToken cancellationToken)
    {
        var decision = await state.AcquireSignUpAsync(await ClientHashAsync(clientAddress, cancellationToken), cancellationToken);
        if (!decision.Allowed)
        {
            return new SignUpResult(SignUpOutcome.RateLimited, decision.RetryAfter);
        }
        await queue.SendAsync(new SignUpMessage(Guid.NewGuid().ToString("N"), request.Email, request.Topics), TimeSpan.Zero, cancellationToken);
        return new SignUpResult(SignUpOutcome.Accepted);
    }

    /// <summary>
    /// A queued sign-up: the address becomes pending and gets a confirmation email, unless it is subscribed or had its
    /// confirmations today. Throws for the queue to retry; while the mail server is unavailable, queues the sign-up
    /// again for later instead.
    /// </summary>
    public async Task HandleSignUpAsync(SignUpMessage signUp, CancellationToken cancellationToken)
    {
        var subscriber = await CountSignUpAsync(signUp, cancellationToken);
        if (subscriber is null)
        {
            return;
        }
        try
        {
            await SendConfirmationAsync(subscriber, cancellationToken);
        }
        catch (Exception failure) when (SmtpMailSender.IsUnavailable(failure) && signUp.MailAttempts + 1 < MaxMailAttempts)
        {
            var wait = TimeSpan.FromTicks(Math.Min(options.Value.MailRetryAfter.Ticks << Math.Min(signUp.MailAttempts, 16), MaxMailWait.Ticks));
            await queue.SendAsync(signUp with { MailAttempts = signUp.MailAttempts + 1 }, wait, cancellationToken);
            // The failure's kind, not its text: a server's reply may quote the address.
            logger.LogWarning("Sign-up {SignUpId}: the mail server is unavailable ({Failure}); trying again in {Wait} (attempt {Attempt} of {Max})",
                signUp.Id, failure is MailKit.Net.Smtp.SmtpCommandException refused ? $"SMTP {(int)refused.StatusCode}" : failure.GetType().Name,
                wait, signUp.MailAttempts + 1, MaxMailAttempts);
        }
        catch (MailKit.Net.Smtp.SmtpCommandException refusal) when (!SmtpMailSender.IsUnavailable(refusal))
        {
            // Refused for good (5xx): the address or the message, which no retry changes.
            logger.LogWarning("Sign-up {SignUpId}: the mail server refused the confirmation: {Status}", signUp.Id, (int)refusal.StatusCode);
        }
    }

    // The subscriber made pending by this sign-up, or null when it needs no email (subscribed, or over today's cap).
    // A sign-up tried again after it was counted (its id is on the row) is not counted twice.
    private async Task<SubscriberEntity?> CountSignUpAsync(SignUpMessage signUp, CancellationToken cancellationToken)
    {
        var key = await state.SubscriberKeyAsync(signUp.Email, cancellationToken);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var now = time.GetUtcNow();
            var subscriber = await FindByAddressAsync(key, signUp.Email, cancellationToken)
                ?? new SubscriberEntity { RowKey = key, Created = now };
            if (subscriber.SignUp == signUp.Id)
            {
                return subscriber;
            }
            var today = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var sentToday = subscriber.ConfirmationsDay == today ? subscriber.ConfirmationsSent : 0;
            if (subscriber.Is(SubscriberStatus.Subscribed) || sentToday >= options.Value.ConfirmationsPerAddressPerDay)
            {
                logger.LogInformation("Sign-up {SignUpId} needs no email ({Status}, {Sent} sent today)", signUp.Id, subscriber.Status, sentToday);
                return null;
            }

            subscriber.Email = signUp.Email;
            subscriber.Topics = string.Join(',', signUp.Topics);
            subscriber.Set(SubscriberStatus.Pending);
            subscriber.ConfirmationsDay = today;
            subscriber.ConfirmationsSent = sentToday + 1;
            subscriber.SignUp = signUp.Id;
            if (await subscribers.TrySaveAsync(subscriber, cancellationToken))
            {
                return subscriber;
            }
        }
        throw new InvalidOperationException($"The subscriber of sign-up {signUp.Id} kept changing during {MaxAttempts} attempts to sign it up.");
    }

    // The address's row under its key, or under the SHA-256 key of rows stored before keys were keyed (left where they
    // are, so the unsubscribe links already sent, which carry that key, keep working).
    private async Task<SubscriberEntity?> FindByAddressAsync(string key, string email, CancellationToken cancellationToken) =>
        await subscribers.FindAsync(key, cancellationToken)
        ?? await subscribers.FindAsync(NewsletterToken.LegacySubscriberKey(email), cancellationToken);

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
                logger.LogInformation("A subscriber confirmed");
                return true;
            }
        }
        throw new InvalidOperationException($"A subscriber kept changing during {MaxAttempts} attempts to confirm it.");
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
                logger.LogInformation("A subscriber unsubscribed");
                return true;
            }
        }
        throw new InvalidOperationException($"A subscriber kept changing during {MaxAttempts} attempts to unsubscribe it.");
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

    /// <summary>Deletes every row about the address (subscriber, tokens, deliveries), under either key; returns how many there were.</summary>
    public async Task<int> EraseAsync(string email, CancellationToken cancellationToken)
    {
        var normalized = EmailAddress.Normalize(email);
        var deleted = 0;
        foreach (var key in new[] { await state.SubscriberKeyAsync(normalized, cancellationToken), NewsletterToken.LegacySubscriberKey(normalized) })
        {
            deleted += await deliveries.EraseAsync(key, cancellationToken);
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
        }
        logger.LogInformation("Erased an address: {Rows} rows", deleted);
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
                logger.LogInformation("Removed an unconfirmed subscriber");
            }
            await subscribers.DeleteAsync(token, cancellationToken);
        }
    }

    /// <summary>
    /// Mails a new confirmation link; throws when the mail server could not take it. Only the newest link works: the
    /// earlier ones are removed before the new one is stored, and a link is stored before it is mailed.
    /// </summary>
    private async Task SendConfirmationAsync(SubscriberEntity subscriber, CancellationToken cancellationToken)
    {
        await foreach (var old in subscribers.TokensOfAsync(subscriber.RowKey, cancellationToken))
        {
            await subscribers.DeleteAsync(old, cancellationToken);
        }
        var token = NewsletterToken.Create();
        var validity = options.Value.ConfirmationValidity;
        await subscribers.SaveTokenAsync(
            new TokenEntity { RowKey = NewsletterToken.Hash(token), SubscriberKey = subscriber.RowKey, Expires = time.GetUtcNow() + validity }, cancellationToken);

        var unsubscribe = UnsubscribeToken.Create(await state.UnsubscribeKeyAsync(cancellationToken), subscriber.RowKey);
        await mail.SendAsync(subscriber.Email, NewsletterMail.Confirmation(links.ForSubscriber(unsubscribe), links.Confirm(token), validity), cancellationToken);
        logger.LogInformation("Sent a confirmation email for sign-up {SignUpId}", subscriber.SignUp);
    }

    // Client addresses are only kept as a keyed hash, as for feedback.
    private async Task<string> ClientHashAsync(string clientAddress, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(
            await state.UnsubscribeKeyAsync(cancellationToken), Encoding.UTF8.GetBytes("client\n" + clientAddress)), 0, 16);
}
