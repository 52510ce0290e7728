using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BudapestPost.Core.Feeds;

namespace BudapestPost.Benchmarks.Feeds;

/// <summary>
/// One publish per iteration (each a new article), 50 measured after 3 warm-up ones; in process,
/// as the calls wait on loopback I/O. Adds the bytes each publish wrote.
/// </summary>
public sealed class FeedPublishConfig : ManualConfig
{
    internal static readonly FeedChannel Channel = new("Budapest Post", "News", "en", "Budapest Post",
        "https://budapestpost.example/", "https://api.example/api/feeds/rss.xml", "https://api.example/api/feeds/atom.xml",
        "https://api.example/api/feeds/feed.json");

    public FeedPublishConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(50)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95, new BytesWrittenColumn());
    }
}
