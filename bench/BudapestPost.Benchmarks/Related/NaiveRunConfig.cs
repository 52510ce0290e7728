namespace BudapestPost.Benchmarks.Related;

/// <summary>The quadratic baseline takes minutes at 10k: two measured runs, no warmup.</summary>
internal sealed class NaiveRunConfig() : ShortRunConfig(warmupCount: 0, iterationCount: 2);
