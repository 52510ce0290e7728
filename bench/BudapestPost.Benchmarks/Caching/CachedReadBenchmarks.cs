using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BudapestPost.Functions;
using BudapestPost.Functions.Articles;
using BudapestPost.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Benchmarks.Caching;

/// <summary>
/// What the app's own code costs for a read answered from memory: <see cref="ArticlesHttp.GetArticle"/> on the
/// seed article once it is cached, with and without a matching <c>If-None-Match</c>, time and bytes allocated per
/// request. The worker's invocation plumbing (gRPC, the ASP.NET Core integration) is not in it, so the rest of
/// what a worker allocates per request is the plumbing's.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class CachedReadBenchmarks
{
    private const string Seed = "not-an-enemy-any-more-why-russia-is-courting-the-taliban";

    private readonly AzuriteFixture _azurite = new();
    private ServiceProvider _services = null!;
    private ArticlesHttp _http = null!;
    private string _etag = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await _azurite.InitializeAsync();
        try
        {
            await PublishAndWarmAsync();
        }
        catch
        {
            // A failed setup gets no cleanup call: stop the Azurite it started.
            await _azurite.DisposeAsync();
            throw;
        }
    }

    private async Task PublishAndWarmAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["ReadCache:FreshFor"] = "00:00:05", // the longest allowed; busy keys are refreshed in the background, as in the app
            ["Storage:PublishedContainer"] = "published-" + suffix,
            ["Storage:IndexesContainer"] = "indexes-" + suffix,
            ["Storage:ArticlesTable"] = "Articles" + suffix,
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddBudapestPost(configuration)
            .BuildServiceProvider();
        foreach (var hosted in _services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
        var file = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "seed-article.md"));
        await _services.GetRequiredService<ArticlePublisher>().PublishAsync(
            new ArticleFile(Seed + ".md", file, new SourceVersion("\"v1\"", DateTimeOffset.UtcNow)), CancellationToken.None);
        _http = ActivatorUtilities.CreateInstance<ArticlesHttp>(_services);
        var warm = new DefaultHttpContext();
        if (await _http.GetArticle(warm.Request, Seed, CancellationToken.None) is not FileContentResult)
        {
            throw new InvalidOperationException("The seed article was not served.");
        }
        _etag = warm.Response.Headers.ETag.ToString();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "the request object alone")]
    public HttpRequest RequestAlone() => new DefaultHttpContext().Request;

    [Benchmark(Description = "GET article (cached)")]
    public Task<IActionResult> GetArticle() => _http.GetArticle(new DefaultHttpContext().Request, Seed, CancellationToken.None);

    [Benchmark(Description = "GET article, If-None-Match → 304")]
    public Task<IActionResult> NotModified()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.IfNoneMatch = _etag;
        return _http.GetArticle(context.Request, Seed, CancellationToken.None);
    }

    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    }
}
