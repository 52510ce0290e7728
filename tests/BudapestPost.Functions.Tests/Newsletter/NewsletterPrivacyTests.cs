using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using BudapestPost.Core.Newsletter;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Newsletter;

/// <summary>What the newsletter keeps and says about a reader: no text of the sign-up's choosing in emails, keyed subscriber keys, logs that name nobody.</summary>
[Collection(NewsletterCollection.Name)]
public sealed class NewsletterPrivacyTests(AzuriteFixture azurite, MailDevFixture mail)
{
    private readonly FakeTimeProvider _time = new(NewsletterTestApp.Start);

    private static string NewAddress() => $"private-{Guid.NewGuid():N}@example.hu";

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static async Task<string> KeyedAsync(TestApp app, string address) => Convert.ToHexStringLower(HMACSHA256.HashData(
        await app.Get<NewsletterState>().UnsubscribeKeyAsync(default), Encoding.UTF8.GetBytes("subscriber\n" + address)));

    [Fact]
    public async Task ConfirmationEmail_CarriesNoTextFromTheSignUp_AndTheNameIsNotKept()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();

        var response = await app.SignUpAsync($$"""{"email":"{{address}}","name":"You won! Claim at https://prize.example/claim"}""");

        Assert.Equal(202, response.Status);
        var message = (await mail.WaitForMailToAsync(address)).Single();
        Assert.DoesNotContain("prize.example", message.Text + message.Html + message.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("You won", message.Text + message.Html + message.Subject, StringComparison.Ordinal);
        await foreach (var row in app.Table(names => names.NewsletterTable).QueryAsync<TableEntity>())
        {
            Assert.DoesNotContain(row, property => property.Value?.ToString()?.Contains("prize.example", StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task SubscriberKey_IsAnHmacOfTheAddressUnderTheAppsKey_NotItsSha256()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();

        await app.SubscribeAsync(mail, address);

        var table = app.Table(names => names.NewsletterTable);
        var row = Assert.Single(table.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"subscribers"} and Email eq {address}")));
        Assert.Equal(await KeyedAsync(app, address), row.RowKey);
        Assert.NotEqual(Sha256(address), row.RowKey);
        var header = (await mail.MailToAsync(address))[0].Message.Headers["List-Unsubscribe"]!;
        var token = NewsletterTestApp.TokenOf(header.Trim('<', '>'));
        Assert.True(UnsubscribeToken.TryRead(await app.Get<NewsletterState>().UnsubscribeKeyAsync(default), token, out var carried));
        Assert.Equal(row.RowKey, carried);
    }

    [Fact]
    public async Task Logs_OfASubscribersWholeLife_NameNeitherTheAddressNorItsKeys()
    {
        var logs = new CapturedLogs();
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time,
            services: services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        var address = NewAddress();
        await app.SubscribeAsync(mail, address);
        var header = (await mail.MailToAsync(address))[0].Message.Headers["List-Unsubscribe"]!;
        await app.UnsubscribeAsync(NewsletterTestApp.TokenOf(header.Trim('<', '>')));
        await app.Get<NewsletterSubscriptions>().EraseAsync(address, default);

        var (keyed, sha256) = (await KeyedAsync(app, address), Sha256(address));
        Assert.Contains(logs.Lines, line => line.Contains("confirm", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(logs.Lines, line => line.Contains(address, StringComparison.OrdinalIgnoreCase)
            || line.Contains(keyed[..16], StringComparison.Ordinal) || line.Contains(sha256[..16], StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubscriberStoredUnderTheOldSha256Key_KeepsItsSentUnsubscribeLinkWorking_AndIsFoundByAddress()
    {
        await using var app = await NewsletterTestApp.StartAsync(azurite, mail, _time);
        var address = NewAddress();
        var legacy = Sha256(address);
        var subscriber = new SubscriberEntity { RowKey = legacy, Email = address, Created = _time.GetUtcNow(), Confirmed = _time.GetUtcNow() };
        subscriber.Set(SubscriberStatus.Subscribed);
        await app.Get<SubscriberStore>().TrySaveAsync(subscriber, default);
        var sentBefore = UnsubscribeToken.Create(await app.Get<NewsletterState>().UnsubscribeKeyAsync(default), legacy);

        await app.SignUpAsync($$"""{"email":"{{address}}"}""");
        Assert.Empty(await mail.MailToAsync(address)); // found under its old key: subscribed, so no email and no second row
        var unsubscribed = await app.UnsubscribeAsync(sentBefore);

        Assert.Equal(NewsletterTestApp.SiteUrl + "newsletter/unsubscribed", unsubscribed.Headers.Location.ToString());
        Assert.True((await app.Get<SubscriberStore>().FindAsync(legacy, default))!.Is(SubscriberStatus.Unsubscribed));
        Assert.Null(await app.Get<SubscriberStore>().FindAsync(await KeyedAsync(app, address), default));
        Assert.Equal(1, await app.Get<NewsletterSubscriptions>().EraseAsync(address, default));
        Assert.Null(await app.Get<SubscriberStore>().FindAsync(legacy, default));
    }

    /// <summary>Every log line's text and the values of its structured state, as a log sink would keep them.</summary>
    private sealed class CapturedLogs : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturedLogs logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
                logs.Lines.Enqueue(string.Join(' ', [formatter(state, exception), .. values.Select(v => $"{v.Key}={v.Value}"), exception?.Message]));
            }
        }
    }
}
