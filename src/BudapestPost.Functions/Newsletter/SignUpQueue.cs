using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.Functions.Newsletter;

/// <summary>
/// A sign-up waiting to be handled. <paramref name="Id"/> makes it count once against the address's daily cap however
/// often it is tried; <paramref name="MailAttempts"/> counts the times the mail server was unavailable for it.
/// </summary>
public sealed record SignUpMessage(string Id, string Email, IReadOnlyList<string> Topics, int MailAttempts = 0);

/// <summary>
/// The queue between a sign-up's answer and its confirmation email: the request only queues the sign-up, so it
/// answers in the same time whatever the address's state and whether mail is up; the email is sent by
/// <see cref="NewsletterSignUpFunctions.HandleNewsletterSignUp"/>.
/// </summary>
public sealed class SignUpQueue(QueueServiceClient queues)
{
    public const string QueueName = "newsletter-signups";

    private readonly QueueClient _queue = queues.GetQueueClient(QueueName);

    /// <summary>Queues the sign-up, visible after <paramref name="delay"/>; the queue is made on first use.</summary>
    public async Task SendAsync(SignUpMessage message, TimeSpan delay, CancellationToken cancellationToken)
    {
        var text = JsonSerializer.Serialize(message, JsonSerializerOptions.Web);
        try
        {
            await _queue.SendMessageAsync(text, delay, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException missing) when (missing.ErrorCode == "QueueNotFound")
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await _queue.SendMessageAsync(text, delay, cancellationToken: cancellationToken);
        }
    }
}

/// <summary>The queue trigger that handles sign-ups and sends their confirmation emails.</summary>
public sealed class NewsletterSignUpFunctions(NewsletterSubscriptions subscriptions)
{
    /// <summary>
    /// One sign-up. While the mail server is unavailable the sign-up is queued again for later, waiting longer each
    /// time; when that runs out, or on any other failure, the host retries it and then moves it to
    /// <c>newsletter-signups-poison</c>, logging why.
    /// </summary>
    [Function(nameof(HandleNewsletterSignUp))]
    public async Task HandleNewsletterSignUp([QueueTrigger(SignUpQueue.QueueName)] string message, CancellationToken cancellationToken)
    {
        var signUp = JsonSerializer.Deserialize<SignUpMessage>(message, JsonSerializerOptions.Web)
            ?? throw new JsonException("The message is not a sign-up.");
        await subscriptions.HandleSignUpAsync(signUp, cancellationToken);
    }
}
