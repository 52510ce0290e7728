using System.ComponentModel.DataAnnotations;
using BudapestPost.Core.Newsletter;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BudapestPost.Functions.Newsletter;

/// <summary>
/// Where mail goes, bound from the "Smtp" section. Locally MailDev on 127.0.0.1:1025 without TLS or login;
/// in Azure, Azure Communication Services (<c>smtp.azurecomm.net:587</c>, STARTTLS) with the password
/// coming from Key Vault through a Key Vault reference.
/// </summary>
public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    [Required] public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)] public int Port { get; set; } = 1025;

    /// <summary>None (local test servers only), StartTls, SslOnConnect or Auto.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.None;

    public string? UserName { get; set; }

    public string? Password { get; set; }
}

/// <summary>
/// Sends newsletter emails over SMTP with MailKit. A session keeps one connection open for many
/// messages, so a digest batch costs one connect and one login.
/// </summary>
public sealed class SmtpMailSender(IOptions<SmtpOptions> smtp, IOptions<NewsletterOptions> newsletter)
{
    public async Task<Session> OpenAsync(CancellationToken cancellationToken)
    {
        var options = smtp.Value;
        var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(options.Host, options.Port, options.Security, cancellationToken);
            if (!string.IsNullOrEmpty(options.UserName))
            {
                await client.AuthenticateAsync(options.UserName, options.Password ?? "", cancellationToken);
            }
            return new Session(client, MailboxAddress.Parse(newsletter.Value.From));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The server could not be reached, dropped the connection, or refused for now (4xx): worth trying again later.
    /// A permanent refusal (5xx) is not: it is the address or the message.
    /// </summary>
    public static bool IsUnavailable(Exception failure) => failure switch
    {
        SmtpCommandException refusal => (int)refusal.StatusCode is >= 400 and < 500,
        SmtpProtocolException or IOException or System.Net.Sockets.SocketException or ServiceNotConnectedException => true,
        _ => false,
    };

    public async Task SendAsync(string to, MailContent content, CancellationToken cancellationToken)
    {
        await using var session = await OpenAsync(cancellationToken);
        await session.SendAsync(to, content, cancellationToken);
    }

    public sealed class Session(SmtpClient client, MailboxAddress from) : IAsyncDisposable
    {
        /// <summary>
        /// Throws <see cref="SmtpCommandException"/> when the server refused the message (it was not sent);
        /// any other failure leaves it unknown whether the message went out.
        /// </summary>
        public Task SendAsync(string to, MailContent content, CancellationToken cancellationToken) =>
            client.SendAsync(ToMessage(from, to, content), cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (client.IsConnected)
            {
                try
                {
                    await client.DisconnectAsync(quit: true);
                }
                catch (Exception exception) when (exception is IOException or SmtpProtocolException or OperationCanceledException)
                {
                    // Everything was sent or failed already; a failed QUIT changes nothing.
                }
            }
            client.Dispose();
        }
    }

    private static MimeMessage ToMessage(MailboxAddress from, string to, MailContent content)
    {
        var message = new MimeMessage { Subject = content.Subject };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        foreach (var (name, value) in content.Headers)
        {
            message.Headers.Add(name, value);
        }
        message.Body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody();
        return message;
    }
}
