using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Feeds;
using BudapestPost.Functions;
using BudapestPost.Functions.Articles;
using BudapestPost.Functions.Feeds;
using BudapestPost.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BudapestPost.Benchmarks.Feeds;

/// <summary>
/// One publish of a new article into the feeds and sitemaps of a 1k and a 50k corpus, against
/// Azurite (<see cref="IncrementalPublish"/>), beside what re-rendering every feed and sitemap
/// from the corpus would cost without any storage at all (<see cref="FullRerender"/>). The corpus
/// is seeded as the states its publishes leave; each iteration's article is first made live in
/// the catalog, untimed.
/// </summary>
[Config(typeof(FeedPublishConfig))]
public class FeedPublishBenchmarks
{
    /// <summary>Bytes written by the incremental publishes, per corpus size, for <see cref="BytesWrittenColumn"/>.</summary>
    internal static readonly ConcurrentDictionary<int, List<long>> BytesWritten = new();

    private readonly AzuriteFixture _azurite = new();
    private ServiceProvider _services = null!;
    private FeedCorpus _corpus = null!;
    private List<Article> _corpusArticles = [];
    private Article _next = null!;
    private RenderedArticle _rendered = null!;
    private int _fresh;

    [Params(1_000, 50_000)]
    public int CorpusSize { get; set; }

    [GlobalSetup(Target = nameof(IncrementalPublish))]
    public async Task SetupStorageAsync()
    {
        await _azurite.InitializeAsync();
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _azurite.ConnectionString,
            ["Storage:PublishedContainer"] = "published-" + suffix,
            ["Storage:IndexesContainer"] = "indexes-" + suffix,
            ["Storage:ArticlesTable"] = "Articles" + suffix,
            ["Site:BaseUrl"] = "https://budapestpost.example",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<TimeProvider>(new FixedTime(FeedCorpus.End))
            .AddBudapestPost(configuration)
            .BuildServiceProvider();
        foreach (var hosted in _services.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        _corpus = new FeedCorpus(CorpusSize);
        var (states, feeds, months) = await _corpus.StatesAsync();
        var blobs = _services.GetRequiredService<FeedBlobs>();
        await Parallel.ForEachAsync(states, async (state, cancellationToken) => await blobs.WriteAsync(state, cancellationToken));
        Console.WriteLine($"// Seeded {CorpusSize} articles: {feeds} feeds, {months} sitemap months, {states.Sum(s => (long)s.Content.Length):N0} bytes of state");
        BytesWritten[CorpusSize] = [];
    }

    [GlobalSetup(Target = nameof(FullRerender))]
    public void SetupMemory() => _corpusArticles = new FeedCorpus(CorpusSize).Articles().ToList();

    [GlobalCleanup(Target = nameof(IncrementalPublish))]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    [IterationSetup(Target = nameof(IncrementalPublish))]
    public void MakeNextLive()
    {
        _next = _corpus.Article(-1 - _fresh++);
        _rendered = ArticleRenderer.Render(_next.Body);
        _services.GetRequiredService<ArticleCatalog>()
            .ReplaceAsync(_next, new SourceVersion("\"0x1\"", _next.Published), previous: null, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(Description = "Publish one: feeds + sitemaps, incremental (Azurite)")]
    public async Task IncrementalPublish()
    {
        var written = await _services.GetRequiredService<FeedPublisher>().PublishAsync(_next, _rendered, CancellationToken.None);
        BytesWritten[CorpusSize].Add(written);
    }

    [Benchmark(Baseline = true, Description = "Re-render the site feed and every sitemap from the corpus (memory only)")]
    public int FullRerender()
    {
        var feed = new FeedEntryList<FeedEntry>();
        var days = new Dictionary<string, SitemapDay>();
        foreach (var article in _corpusArticles)
        {
            // Without kept state every article is at least looked at; only the feed's newest are rendered.
            if (feed.Entries.Count < FeedEntryList.Capacity || article.Published > feed.Oldest!.Published)
            {
                feed.Upsert(FeedEntry.From(article, ArticleRenderer.Render(article.Body), FeedCorpus.UrlOf(article.Slug)), FeedCorpus.End);
            }
            var key = SitemapDay.DayOf(article.Published);
            if (!days.TryGetValue(key, out var day))
            {
                days[key] = day = new SitemapDay(key);
            }
            day.Upsert(new SitemapEntry(article.Slug, FeedCorpus.UrlOf(article.Slug), article.Published));
        }
        var bytes = RssFeedWriter.Write(FeedPublishConfig.Channel, feed).Length;
        var months = new List<SitemapMonth>();
        foreach (var monthDays in days.Values.GroupBy(day => day.Month))
        {
            var month = new SitemapMonth(monthDays.Key);
            foreach (var day in monthDays)
            {
                month.Set(day);
            }
            months.Add(month);
            bytes += SitemapMonth.RenderPage(monthDays, 1)!.Length;
        }
        return bytes + SitemapIndex.Render("https://api.example/api/sitemaps/", months).Length;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
