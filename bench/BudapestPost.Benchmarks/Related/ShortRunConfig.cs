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
    /// <param name="setupTimeout">How long one benchmark case may take in process, setup included (BenchmarkDotNet's default is 5 minutes).</param>
    protected ShortRunConfig(int warmupCount, int iterationCount, TimeSpan? setupTimeout = null) =>
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(warmupCount)
            .WithIterationCount(iterationCount)
            .WithToolchain(setupTimeout is { } timeout ? new InProcessEmitToolchain(timeout, logOutput: true) : InProcessEmitToolchain.Instance));
}
