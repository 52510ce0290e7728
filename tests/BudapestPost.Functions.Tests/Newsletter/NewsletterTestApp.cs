using System.Text.Json;
using System.Web;
using Azure.Storage.Queues;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Functions.Site;
using BudapestPost.Functions.Storage;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Newsletter;

[CollectionDefinition(Name)]
public sealed class NewsletterCollection : ICollectionFixture<AzuriteFixture>, ICollectionFixture<MailDevFixture>
{
    public const string Name = "Newsletter";
}

/// <summary>
/// The real newsletter services against Azurite and MailDev, with a fresh table and container per test,
/// a fake clock, and helpers that drive the HTTP functions and the digest as the host would.
/// </summary>
internal static class NewsletterTestApp
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
    public const string ApiBaseUrl = "https://api.budapestpost.test";
    public const string SiteUrl = "https://budapestpost.test/";

    /// <param name="storage">Set to share the newsletter's table and container with another app.</param>
    /// <param name="services">Registrations over the app's, e.g. a log sink.</param>
    public static async Task<TestApp> StartAsync(AzuriteFixture azurite, MailDevFixture mail, FakeTimeProvider time,
        Action<NewsletterOptions>? configure = null, int? smtpPort = null, bool freshQueue = true, Action<StorageOptions>? storage = null,
        Action<IServiceCollection>? services = null)
    {
        var setUp = services;
        var app = await TestApp.StartAsync(azurite, services =>
        {
            setUp?.Invoke(services);
            services.AddSingleton<TimeProvider>(time);
            services.Configure<SiteOptions>(site => site.BaseUrl = SiteUrl);
            services.Configure<StorageOptions>(options => storage?.Invoke(options));
            services.Configure<NewsletterOptions>(options =>
            {
                options.ApiBaseUrl = ApiBaseUrl;
                options.DigestSchedule = "0 0 7 * * *";
                options.TimeZone = "Europe/Budapest";
                options.BatchSize = 3;
                configure?.Invoke(options);
            });
            services.Configure<SmtpOptions>(options => options.Port = smtpPort ?? mail.SmtpPort);
        });
        if (freshQueue)
        {
            // The queues' names are fixed (the triggers bind them); tests in the collection run one at a time.
            await QueueOf(app).DeleteIfExistsAsync();
            await SignUpQueueOf(app).DeleteIfExistsAsync();
        }
        return app;
    }

    public static QueueClient QueueOf(TestApp app) => Queue(app, DigestPlanner.QueueName);

    public static QueueClient SignUpQueueOf(TestApp app) => Queue(app, SignUpQueue.QueueName);

    /// <summary>The key of the address's rows, under the app's secret key.</summary>
    public static Task<string> SubscriberKeyAsync(this TestApp app, string address) =>
        app.Get<NewsletterState>().SubscriberKeyAsync(address.ToLowerInvariant(), default);

    /// <summary>Posts a sign-up, then handles what it queued as the host's queue trigger would at once.</summary>
    public static async Task<HttpResult> SignUpAsync(this TestApp app, string body, string clientAddress = "203.0.113.9", string? contentType = "application/json")
    {
        var exchange = new HttpExchange("POST", "/api/newsletter/subscriptions").WithBody(body, contentType);
        exchange.Context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(clientAddress);
        var result = await exchange.ExecuteAsync(await app.Create<NewsletterHttp>().SubscribeToNewsletter(exchange.Request, default));
        await app.HandleSignUpsAsync();
        return result;
    }

    /// <summary>Runs the sign-up trigger on every visible queued sign-up, deleting each once handled; returns how many.</summary>
    public static async Task<int> HandleSignUpsAsync(this TestApp app)
    {
        var (queue, handled) = (SignUpQueueOf(app), 0);
        if (!await queue.ExistsAsync())
        {
            return 0;
        }
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                await app.Create<NewsletterSignUpFunctions>().HandleNewsletterSignUp(message.MessageText, default);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                handled++;
            }
        }
        return handled;
    }

    public static async Task<HttpResult> ConfirmAsync(this TestApp app, string? token)
    {
        var exchange = new HttpExchange("GET", "/api/newsletter/confirm", token is null ? null : "token=" + Uri.EscapeDataString(token));
        return await exchange.ExecuteAsync(await app.Create<NewsletterHttp>().ConfirmNewsletterSubscription(exchange.Request, default));
    }

    public static async Task<HttpResult> UnsubscribeAsync(this TestApp app, string? token)
    {
        var exchange = new HttpExchange("POST", "/api/newsletter/unsubscribe", token is null ? null : "token=" + Uri.EscapeDataString(token))
            .WithBody("List-Unsubscribe=One-Click", "application/x-www-form-urlencoded");
        return await exchange.ExecuteAsync(await app.Create<NewsletterHttp>().UnsubscribeFromNewsletter(exchange.Request, default));
    }

    /// <summary>The token of a link like <c>…?token=…</c> found in an email.</summary>
    public static string TokenOf(string url) => HttpUtility.ParseQueryString(new Uri(url).Query)["token"]!;

    /// <summary>The token of the confirmation link (the website's confirm page) in the newest email to <paramref name="address"/>.</summary>
    public static async Task<string> ConfirmationTokenAsync(MailDevFixture mail, string address, int expectedMails = 1)
    {
        var mails = await mail.WaitForMailToAsync(address, expectedMails);
        var link = mails[^1].Text.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(SiteUrl + "newsletter/confirm?token=", StringComparison.Ordinal));
        return TokenOf(link);
    }

    /// <summary>Signs <paramref name="address"/> up and follows the link in its confirmation email.</summary>
    public static async Task SubscribeAsync(this TestApp app, MailDevFixture mail, string address, params string[] topics)
    {
        var before = (await mail.MailToAsync(address)).Count;
        var body = JsonSerializer.Serialize(new { email = address, topics });
        Assert.Equal(202, (await app.SignUpAsync(body, clientAddress: "198.51.100." + Random.Shared.Next(1, 250))).Status);
        var confirmed = await app.ConfirmAsync(await ConfirmationTokenAsync(mail, address, before + 1));
        Assert.Equal(SiteUrl + "newsletter/confirmed", confirmed.Headers.Location.ToString());
    }

    public static async Task PublishAsync(this TestApp app, string slug, DateTimeOffset published, string? section = null, params string[] tags)
    {
        var file = new ArticleFileBuilder().WithSlug(slug).WithTitle("Title of " + slug).WithLead("Lead of " + slug)
            .WithPublished(published.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", System.Globalization.CultureInfo.InvariantCulture));
        file = section is null ? file : file.WithSection(section);
        file = tags.Length == 0 ? file : file.WithTags(tags);
        var outcome = await app.Get<ArticlePublisher>().PublishAsync(new ArticleFile(slug + ".md", file.Build(), new SourceVersion("\"v1\"", published)), default);
        Assert.NotEqual(PublishOutcome.Rejected, outcome);
    }

    /// <summary>Runs the timer's work, then every queued batch through the sender, as the host's queue trigger would.</summary>
    public static async Task<(string? DigestId, List<BatchOutcome> Batches)> RunDigestAsync(this TestApp app)
    {
        var digestId = await app.Get<DigestPlanner>().RunAsync(default);
        return (digestId, await app.SendQueuedBatchesAsync());
    }

    public static async Task<List<BatchOutcome>> SendQueuedBatchesAsync(this TestApp app)
    {
        var queue = QueueOf(app);
        var outcomes = new List<BatchOutcome>();
        if (!await queue.ExistsAsync())
        {
            return outcomes;
        }
        while ((await queue.ReceiveMessagesAsync(32)).Value is { Length: > 0 } messages)
        {
            foreach (var message in messages)
            {
                var batch = JsonSerializer.Deserialize<DigestBatch>(message.MessageText, JsonSerializerOptions.Web)!;
                outcomes.Add(await app.Get<DigestSender>().SendAsync(batch, default));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
        return outcomes;
    }

    private static QueueClient Queue(TestApp app, string name) =>
        new(app.Get<Microsoft.Extensions.Configuration.IConfiguration>()["AzureWebJobsStorage"]!, name,
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
}
