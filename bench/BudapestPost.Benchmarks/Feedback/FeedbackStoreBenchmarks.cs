using Azure.Data.Tables;
using BenchmarkDotNet.Attributes;
using BudapestPost.Core.Feedback;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Storage;
using BudapestPost.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BudapestPost.Benchmarks.Feedback;

/// <summary>
/// Storing one reader report through <see cref="FeedbackStore.AddAsync"/> (the report and its sender's
/// per-article counter in one transaction) against a raw <see cref="TableClient.AddEntityAsync{T}"/> of the same entity, on an Azurite the
/// benchmark starts itself. One at a time, each measurement is one entity (percentiles per entity, Op/s = entities/s);
/// with 16 in flight a measurement is 16 entities, so only Op/s (entities/s) is per entity.
/// </summary>
[Config(typeof(StorageLatencyConfig))]
public class FeedbackStoreBenchmarks
{
    private const string Slug = "nato-chief-urges-higher-defense-expenditure";

    private readonly AzuriteFixture _azurite = new();
    private TableClient _table = null!;
    private FeedbackStore _store = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        await _azurite.InitializeAsync();
        var tables = _azurite.TableService;
        var names = new StorageOptions { FeedbackTable = AzuriteFixture.UniqueName("feedback") };
        await tables.CreateTableAsync(names.FeedbackTable);
        _table = tables.GetTableClient(names.FeedbackTable);
        // Limits set high: every report is counted, none refused.
        var limits = new FeedbackOptions { PerArticlePermitLimit = int.MaxValue, PerClientPermitLimit = int.MaxValue };
        _store = new FeedbackStore(tables, Options.Create(names), Options.Create(limits), TimeProvider.System, NullLogger<FeedbackStore>.Instance);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _store.Dispose();
        await _azurite.DisposeAsync();
    }

    // Requests arriving together, as they do on a busy instance: throughput with this many in flight.
    private const int Concurrent = 16;

    [Benchmark(Baseline = true, Description = "TableClient.AddEntityAsync"), BenchmarkCategory("one at a time")]
    public Task RawAddEntity() => _table.AddEntityAsync(NewReport());

    [Benchmark(Description = "FeedbackStore.AddAsync"), BenchmarkCategory("one at a time")]
    public Task StoreAdd() => _store.AddAsync(NewReport(), null, CancellationToken.None);

    [Benchmark(Baseline = true, OperationsPerInvoke = Concurrent, Description = "TableClient.AddEntityAsync x16"), BenchmarkCategory("16 in flight")]
    public Task RawAddEntityConcurrently() =>
        Task.WhenAll(Enumerable.Range(0, Concurrent).Select(_ => _table.AddEntityAsync(NewReport())));

    [Benchmark(OperationsPerInvoke = Concurrent, Description = "FeedbackStore.AddAsync x16"), BenchmarkCategory("16 in flight")]
    public Task StoreAddConcurrently() =>
        Task.WhenAll(Enumerable.Range(0, Concurrent).Select(i => _store.AddAsync(NewReport($"client-{i}"), null, CancellationToken.None)));

    [Benchmark(Description = "FeedbackStore.AddAsync + Idempotency-Key"), BenchmarkCategory("one at a time")]
    public Task StoreAddWithIdempotencyKey()
    {
        var report = NewReport();
        return _store.AddAsync(report, new IdempotencyEntity
        {
            PartitionKey = report.PartitionKey,
            RowKey = FeedbackTableKeys.IdempotencyRow(Guid.NewGuid().ToString()),
            FeedbackId = report.RowKey,
            RequestHash = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
            Kind = report.Kind,
            Received = report.Received,
        }, CancellationToken.None);
    }

    // The entity the endpoint stores for a typical report.
    private static FeedbackEntity NewReport(string clientHash = "5f2b7c0e9a8d4c3b2a1f0e9d8c7b6a59")
    {
        var now = DateTimeOffset.UtcNow;
        return new FeedbackEntity
        {
            PartitionKey = Slug,
            RowKey = FeedbackId.Create(now),
            Kind = "inaccuracy",
            Message = "The article says the summit took place on Monday, but the official communiqué is dated Tuesday. " +
                      "Please check the date in the second paragraph.",
            Quote = "the summit on Monday",
            Email = "reader@example.hu",
            Name = "Kiss Anna",
            Status = "new",
            Received = now,
            Updated = now,
            ClientHash = clientHash,
            UserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0 Safari/537.36",
        };
    }
}
