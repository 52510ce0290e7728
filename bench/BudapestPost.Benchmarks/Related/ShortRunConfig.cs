using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace BudapestPost.Benchmarks.Related;

/// <summary>
/// One short in-process job: operations take milliseconds to minutes, so a few measured
/// iterations suffice, and running in process skips a per-job rebuild of this project.
/// </summary>
internal abstract class ShortRunConfig : ManualConfig
{
    protected ShortRunConfig(int warmupCount, int iterationCount) =>
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(warmupCount)
            .WithIterationCount(iterationCount)
            .WithToolchain(InProcessEmitToolchain.Instance));
}
