using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Storage;
using BudapestPost.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BudapestPost.Functions.Tests.Support;

/// <summary>
/// The app's real service registrations against the shared Azurite, with fresh tables and
/// containers for each test so no test sees another's data.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private TestApp(ServiceProvider services) => _services = services;

    /// <param name="settings">App settings over the defaults. By default the read cache re-reads what changes on every
    /// request (<c>ReadCache:FreshFor</c> zero), so a test sees its own writes at once.</param>
    public static Task<TestApp> StartAsync(
        AzuriteFixture azurite, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null) =>
        StartAsync(azurite.ConnectionString, configure, settings);

    /// <summary>The app against the storage <paramref name="connectionString"/> names (e.g. through a <see cref="TcpProxy"/>).</summary>
    public static async Task<TestApp> StartAsync(
        string connectionString, Action<IServiceCollection>? configure = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ReadCache:FreshFor"] = "00:00:00",
            ["AzureWebJobsStorage"] = connectionString,
            ["Storage:PublishedContainer"] = "published-" + suffix,
            ["Storage:IndexesContainer"] = "indexes-" + suffix,
            ["Storage:SearchContainer"] = "search-" + suffix,
            ["Storage:ArticlesTable"] = "Articles" + suffix,
            ["Storage:FeedbackTable"] = "Feedback" + suffix,
            ["Storage:PublishErrorsTable"] = "PublishErrors" + suffix,
            ["Storage:CorrectionsTable"] = "Corrections" + suffix,
            ["Storage:NewsletterTable"] = "Newsletter" + suffix,
            ["Storage:NewsletterContainer"] = "newsletter-" + suffix,
            ["Storage:AudioContainer"] = "audio-" + suffix,
            ["Storage:NarrationsTable"] = "Narrations" + suffix,
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        return await StartAsync(configuration, configure);
    }

    /// <summary>Another instance of the app on this one's storage: the same tables and containers, its own memory.</summary>
    public Task<TestApp> StartAnotherInstanceAsync(Action<IServiceCollection>? configure = null) =>
        StartAsync(Get<IConfiguration>(), configure);

    private static async Task<TestApp> StartAsync(IConfiguration configuration, Action<IServiceCollection>? configure)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddBudapestPost(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(validateScopes: true);
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        return new TestApp(provider);
    }

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>A function class built the way the worker builds it: constructor injection.</summary>
    public T Create<T>() => ActivatorUtilities.CreateInstance<T>(_services);

    /// <summary>
    /// Runs an HTTP function through the app's middleware (the no-store default, then exception handling), as the
    /// worker does, and returns what the client would get.
    /// </summary>
    public async Task<HttpResult> SendAsync(HttpExchange exchange, Func<Task<IActionResult>> function)
    {
        var context = FunctionContexts.Http(exchange.Context);
        var exceptions = ActivatorUtilities.CreateInstance<ExceptionHandlingMiddleware>(_services);
        await new NoStoreByDefaultMiddleware().Invoke(context,
            _ => exceptions.Invoke(context, async _ => await exchange.WriteAsync(await function())));
        return await exchange.ReadResponseAsync();
    }

    public StorageOptions Names => Get<IOptions<StorageOptions>>().Value;

    public TableClient Table(Func<StorageOptions, string> name) => Get<TableServiceClient>().GetTableClient(name(Names));

    public BlobContainerClient Container(string name) => Get<BlobServiceClient>().GetBlobContainerClient(name);

    /// <summary>Publishes <paramref name="file"/> as <c>{slug}.md</c>, uploaded <paramref name="minutesLater"/> minutes after the first upload.</summary>
    public Task<PublishOutcome> PublishAsync(string slug, ArticleFileBuilder file, int minutesLater = 0) =>
        Get<ArticlePublisher>().PublishAsync(
            new ArticleFile(slug + ".md", file.Build(), new SourceVersion("\"0x1\"", FirstUpload.AddMinutes(minutesLater))), default);

    private static readonly DateTimeOffset FirstUpload = DateTimeOffset.Parse("2025-02-14T10:00:00Z");

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
