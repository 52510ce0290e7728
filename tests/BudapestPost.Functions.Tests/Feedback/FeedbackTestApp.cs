using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Tests.Support;
using BudapestPost.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BudapestPost.Functions.Tests.Feedback;

/// <summary>
/// A <see cref="TestApp"/> with what the feedback endpoints need on top: a client hash salt (which
/// lives only in configuration), a fake clock, and helpers to publish articles and send reports.
/// </summary>
internal static class FeedbackTestApp
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public const string ValidBody = """{"kind":"inaccuracy","message":"The summit was on Tuesday, not Monday.","quote":"on Monday","email":"reader@example.hu","name":"Kiss Anna"}""";

    public static Task<TestApp> StartAsync(
        AzuriteFixture azurite, FakeTimeProvider? time = null, Action<FeedbackOptions>? feedback = null, Action<IServiceCollection>? configure = null,
        IReadOnlyDictionary<string, string?>? settings = null) =>
        TestApp.StartAsync(azurite, services =>
        {
            services.AddSingleton<TimeProvider>(time ?? new FakeTimeProvider(Start));
            services.Configure<FeedbackOptions>(options => feedback?.Invoke(options));
            configure?.Invoke(services);
        }, settings);

    public static async Task PublishAsync(this TestApp app, string slug, ArticleFileBuilder? file = null)
    {
        var outcome = await app.Get<ArticlePublisher>().PublishAsync(
            new ArticleFile(slug + ".md", (file ?? new ArticleFileBuilder()).Build(), new SourceVersion("\"v1\"", Start)), default);
        Assert.NotEqual(PublishOutcome.Rejected, outcome);
    }

    /// <summary>Stores the article file as an upload does, then publishes the stored file as the blob trigger does.</summary>
    public static async Task UploadAndPublishAsync(this TestApp app, string slug, ArticleFileBuilder file)
    {
        await app.Get<ArticleFiles>().UploadAsync(slug, file.Build(), default);
        await app.PublishStoredFileAsync(slug);
    }

    public static async Task PublishStoredFileAsync(this TestApp app, string slug) =>
        Assert.NotEqual(PublishOutcome.Rejected, await app.Get<ArticlePublisher>().PublishAsync(
            (await app.Get<ArticleFiles>().DownloadAsync(slug + ".md", default))!, default));

    public static HttpExchange Post(string slug, string body, string? contentType = "application/json", string clientAddress = "203.0.113.7")
    {
        var exchange = new HttpExchange("POST", $"/api/articles/{slug}/feedback")
            .WithBody(body, contentType)
            .WithHeader("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Test");
        exchange.Context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(clientAddress);
        return exchange;
    }

    public static async Task<HttpResult> SendAsync(this TestApp app, HttpExchange exchange, string slug) =>
        await app.SendAsync(exchange, () => app.Create<FeedbackHttp>().PostFeedback(exchange.Request, slug, default));

    public static Azure.Data.Tables.TableClient FeedbackTable(this TestApp app) => app.Table(names => names.FeedbackTable);

    /// <summary>The stored reports, without the bookkeeping rows that share the table.</summary>
    public static List<FeedbackEntity> StoredReports(this TestApp app) =>
        app.FeedbackTable().Query<FeedbackEntity>(e => e.RowKey.CompareTo(FeedbackTableKeys.BookkeepingPrefix) < 0).ToList();

    /// <summary>Settings for two app instances on one storage account: the same, fresh tables and containers.</summary>
    public static Dictionary<string, string?> SharedTables()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return new()
        {
            ["Storage:PublishedContainer"] = "published-" + suffix,
            ["Storage:IndexesContainer"] = "indexes-" + suffix,
            ["Storage:ArticlesTable"] = "Articles" + suffix,
            ["Storage:FeedbackTable"] = "Feedback" + suffix,
            ["Storage:PublishErrorsTable"] = "PublishErrors" + suffix,
        };
    }
}
