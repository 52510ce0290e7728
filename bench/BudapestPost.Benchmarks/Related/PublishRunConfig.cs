namespace BudapestPost.Benchmarks.Related;

/// <summary>Publishes take milliseconds: many iterations for a stable median.</summary>
internal sealed class PublishRunConfig() : ShortRunConfig(warmupCount: 5, iterationCount: 40);
