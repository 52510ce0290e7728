using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace BudapestPost.Benchmarks.Feedback;

/// <summary>
/// For calls that take milliseconds over the loopback network: one call per iteration (so every
/// measurement is one call and percentiles are per call), many iterations, no overhead subtraction.
/// In process: the calls wait on the network, so a separate process buys no accuracy, and it spares
/// rebuilding the function app for every job.
/// </summary>
public sealed class StorageLatencyConfig : ManualConfig
{
    public StorageLatencyConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(300)
            .WithIterationCount(2000)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        AddColumn(CategoriesColumn.Default, StatisticColumn.Median, StatisticColumn.P95, new PercentileColumn(99), StatisticColumn.OperationsPerSecond);
    }
}
