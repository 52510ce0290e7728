using BudapestPost.Functions.Articles;
using Azure.Core;
using Azure.Storage.Blobs;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BudapestPost.Core.Articles;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Related;
using BudapestPost.Functions.Storage;
using BudapestPost.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BudapestPost.Benchmarks.Related;

/// <summary>
/// One publish's storage side on Azurite, at 1k, 10k and 50k articles: the journal design
/// (<see cref="RelatedIndexer"/>) against the whole-model baseline, one indexing instance (as under
/// the DevHost; with several, the baseline also downloads the whole model whenever another
/// instance moved it). Extra columns: storage round trips and KB (sent + received) per publish.
/// </summary>
[Config(typeof(Config))]
public class RelatedStorageBenchmarks
{
    private readonly AzuriteFixture _azurite = new();
    private readonly StorageTraffic _traffic = new();
    private RelatedIndexer _instance = null!;
    private WholeModelBaseline _baseline = null!;
    private BlobContainerClient _sources = null!;
    private SyntheticArticles _generator = null!;
    private int _next;
    private int _operations;

    [Params(1_000, 10_000, 50_000)]
    public int ArticleCount { get; set; }

    [GlobalSetup(Target = nameof(WholeModel))]
    public async Task SetupBaselineAsync()
    {
        var (index, blobs, storage, related) = await SetupAsync();
        var indexes = blobs.GetBlobContainerClient(storage.Value.IndexesContainer);
        await WholeModelBaseline.SeedAsync(indexes, index);
        var lists = new RelatedListWriter(blobs, storage, NoCache(blobs, storage), TimeProvider.System);
        _baseline = new WholeModelBaseline(indexes, blobs.GetBlobContainerClient(_sources.Name), lists, related.Value);
        // The instance loads the model once (a cold start is not a publish).
        await _baseline.PublishAsync(await UploadNextAsync());
        _traffic.Reset();
    }

    [GlobalSetup(Target = nameof(Journal))]
    public async Task SetupJournalAsync()
    {
        var (index, blobs, storage, related) = await SetupAsync();
        await using (var session = await NewStore().OpenAsync(default))
        {
            await session.ReplaceAsync(index, default);
        }
        var lists = new RelatedListWriter(blobs, storage, NoCache(blobs, storage), TimeProvider.System);
        // Only the blob trigger records pending files; ApplyAsync, measured here, never does.
        _instance = new RelatedIndexer(NewStore(), lists, new ArticleFiles(blobs, TimeProvider.System, NullLogger<ArticleFiles>.Instance),
            new PendingFiles(_azurite.TableService, storage), related, NullLogger<RelatedIndexer>.Instance);
        await _instance.ApplyAsync(await UploadNextAsync(), default);
        _traffic.Reset();

        RelatedModelStore NewStore() => new(blobs, storage, related, NullLogger<RelatedModelStore>.Instance);
    }

    [IterationSetup]
    public void Upload() => UploadNextAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "whole model (before)")]
    public async Task WholeModel()
    {
        await _baseline.PublishAsync(BlobName(_next - 1));
        _traffic.Record(nameof(WholeModel), ArticleCount, ++_operations);
    }

    [Benchmark(Description = "checkpoint + journal")]
    public async Task Journal()
    {
        await _instance.ApplyAsync(BlobName(_next - 1), default);
        _traffic.Record(nameof(Journal), ArticleCount, ++_operations);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        Console.WriteLine($"// storage traffic at {ArticleCount:N0} articles over {_operations} publishes: {_traffic}");
        await _azurite.DisposeAsync();
    }

    private async Task<(RelatedIndex Index, BlobServiceClient Blobs, IOptions<StorageOptions> Storage, IOptions<RelatedOptions> Related)> SetupAsync()
    {
        await _azurite.InitializeAsync();
        var (generator, articles) = RelatedCorpora.Get(ArticleCount);
        _generator = generator;
        _next = ArticleCount;
        _operations = 0;
        var clientOptions = new BlobClientOptions();
        clientOptions.AddPolicy(_traffic, HttpPipelinePosition.PerCall);
        var blobs = new BlobServiceClient(_azurite.ConnectionString, clientOptions);
        var storage = Options.Create(new StorageOptions { IndexesContainer = AzuriteFixture.UniqueName("indexes") });
        var related = Options.Create(new RelatedOptions());
        await blobs.GetBlobContainerClient(storage.Value.IndexesContainer).CreateAsync();
        // Uploads of the next article go through an uncounted client: they are the editor's, not the publish's.
        _sources = _azurite.BlobService.GetBlobContainerClient("articles");
        await _sources.CreateIfNotExistsAsync();
        Console.WriteLine($"// Building the {ArticleCount:N0}-article model");
        return (RelatedIndex.Build(articles, related.Value), blobs, storage, related);
    }

    private static string BlobName(int number) => $"fresh-{number}.md";

    private async Task<string> UploadNextAsync()
    {
        var article = _generator.Article(_next);
        var name = BlobName(_next++);
        await _sources.GetBlobClient(name).UploadAsync(new BinaryData(ArticleFile(article)), overwrite: true);
        return name;
    }

    private static byte[] ArticleFile(Article article) => new ArticleFileBuilder()
        .WithTitle(article.Title)
        .WithLead(article.Lead)
        .WithPublished(article.Published.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture))
        .WithTags([.. article.Tags])
        .WithBody(article.Body)
        .Build();

    private sealed class Config : ShortRunConfig
    {
        public Config() : base(warmupCount: 2, iterationCount: 10, setupTimeout: TimeSpan.FromMinutes(60))
        {
            AddColumn(new StorageTraffic.Column(bytes: false), new StorageTraffic.Column(bytes: true));
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByParams);
        }
    }

    // Lists are only written here; the writer's readers need a read cache that keeps nothing that changes.
    private static RelatedIndexBlobs NoCache(BlobServiceClient blobs, IOptions<StorageOptions> storage) =>
        new(blobs, storage, new BudapestPost.Functions.Caching.ReadThroughCache(
            Options.Create(new BudapestPost.Functions.Caching.ReadCacheOptions { FreshFor = TimeSpan.Zero }), TimeProvider.System));
}
