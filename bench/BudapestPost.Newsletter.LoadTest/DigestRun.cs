using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using BudapestPost.Core.Newsletter;
using BudapestPost.Functions;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Newsletter.LoadTest;

/// <summary>What one digest run took: the whole send, the planning invocation and the sending invocations.</summary>
public sealed record DigestResult(TimeSpan Total, TimeSpan Planning, int Invocations, TimeSpan LargestSend, TimeSpan MedianSend, int Emails)
{
    public override string ToString() =>
        $"{Emails} emails in {Total.TotalSeconds:F1} s ({Emails / Total.TotalSeconds:F0}/s); planning {Planning.TotalMilliseconds:F0} ms; " +
        $"{Invocations} sending invocations, largest {LargestSend.TotalMilliseconds:F0} ms, median {MedianSend.TotalMilliseconds:F0} ms";
}

/// <summary>The app's real services on fresh tables, a due digest with three articles, and the queue drained as the host would.</summary>
public sealed class DigestRun : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AzuriteFixture _azurite;
    private readonly MailDevFixture _mail;

    private DigestRun(ServiceProvider services, AzuriteFixture azurite, MailDevFixture mail) =>
        (_services, _azurite, _mail) = (services, azurite, mail);

    public static async Task<DigestRun> StartAsync(AzuriteFixture azurite, MailDevFixture mail, int batchSize)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage:ArticlesTable"] = "Articles" + suffix,
            ["Storage:PublishedContainer"] = "published-" + suffix,
            ["Storage:IndexesContainer"] = "indexes-" + suffix,
            ["Storage:SearchContainer"] = "search-" + suffix,
            ["Storage:NewsletterTable"] = "Newsletter" + suffix,
            ["Storage:NewsletterContainer"] = "newsletter-" + suffix,
            ["Newsletter:BatchSize"] = batchSize.ToString(),
            ["Newsletter:DigestSchedule"] = "0 0 * * * *",
            ["Newsletter:PublishSettleTime"] = "00:00:00",
            ["Newsletter:ApiBaseUrl"] = "http://127.0.0.1:7071",
            ["Smtp:Port"] = mail.SmtpPort.ToString(),
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Azure", LogLevel.Error).AddSimpleConsole())
            .AddBudapestPost(configuration)
            .BuildServiceProvider();
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        await new QueueClient(azurite.ConnectionString, DigestPlanner.QueueName).DeleteIfExistsAsync();
        return new DigestRun(services, azurite, mail);
    }

    /// <summary>Subscribed readers written straight to the table, 100 per transaction; a due digest state; three new articles.</summary>
    public async Task SeedAsync(int subscribers)
    {
        var now = DateTimeOffset.UtcNow;
        var table = _azurite.TableService.GetTableClient(Get<Microsoft.Extensions.Options.IOptions<BudapestPost.Functions.Storage.StorageOptions>>().Value.NewsletterTable);
        var secret = await Get<NewsletterState>().UnsubscribeKeyAsync(default);
        var rows = Enumerable.Range(0, subscribers).Select(i =>
        {
            var email = $"reader{i}@example.hu";
            var row = new SubscriberEntity { RowKey = NewsletterToken.SubscriberKey(secret, email), Email = email, Created = now, Confirmed = now };
            row.Set(SubscriberStatus.Subscribed);
            return row;
        }).OrderBy(r => r.RowKey, StringComparer.Ordinal);
        foreach (var chunk in rows.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)));
        }
        await table.AddEntityAsync(new TableEntity(NewsletterKeys.StatePartition, NewsletterKeys.DigestStateRow)
        {
            ["LastOccurrence"] = now.AddDays(-1), ["Cursor"] = 0L,
        });
        for (var i = 0; i < 3; i++)
        {
            var file = new ArticleFileBuilder().WithSlug($"story-{i}").WithTitle($"Story number {i}")
                .WithPublished(now.AddHours(-i - 1).ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'"));
            await Get<ArticlePublisher>().PublishAsync(new ArticleFile($"story-{i}.md", file.Build(), new SourceVersion($"\"v{i}\"", now)), default);
        }
        Console.WriteLine($"  seeded {subscribers} subscribers and 3 articles");
    }

    /// <summary>Plans the digest, then runs the sender on every queued batch with <paramref name="concurrency"/> at a time.</summary>
    public async Task<DigestResult> SendAsync(int concurrency, int expectedEmails)
    {
        var total = Stopwatch.StartNew();
        var digestId = await Get<DigestPlanner>().RunAsync(default) ?? throw new InvalidOperationException("No digest was due.");
        var planning = total.Elapsed;
        var queue = new QueueClient(_azurite.ConnectionString, DigestPlanner.QueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var durations = new ConcurrentBag<TimeSpan>();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while ((await queue.ReceiveMessagesAsync(1)).Value is { Length: 1 } received)
            {
                var invocation = Stopwatch.StartNew();
                await Get<DigestSender>().SendAsync(JsonSerializer.Deserialize<DigestBatch>(received[0].MessageText, JsonSerializerOptions.Web)!, default);
                durations.Add(invocation.Elapsed);
                await queue.DeleteMessageAsync(received[0].MessageId, received[0].PopReceipt);
                if (durations.Count % 100 == 0)
                {
                    Console.WriteLine($"  digest {digestId}: {durations.Count} invocations done");
                }
            }
        });
        await Task.WhenAll(workers);
        total.Stop();
        var emails = await _mail.CountAsync();
        if (emails != expectedEmails)
        {
            throw new InvalidOperationException($"MailDev received {emails} emails, expected {expectedEmails}.");
        }
        var sorted = durations.Order().ToList();
        return new DigestResult(total.Elapsed, planning, sorted.Count, sorted[^1], sorted[sorted.Count / 2], emails);
    }

    private T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
