namespace BudapestPost.Benchmarks.Related;

/// <summary>Rebuilds take seconds: one warmup, two measured runs, plus the model-size columns.</summary>
internal sealed class ModelFootprintConfig : ShortRunConfig
{
    public ModelFootprintConfig()
        : base(warmupCount: 1, iterationCount: 2, setupTimeout: TimeSpan.FromMinutes(60))
    {
        AddColumn(new ModelFootprintColumn(ModelFootprintColumn.Measure.Heap));
        AddColumn(new ModelFootprintColumn(ModelFootprintColumn.Measure.Blob));
    }
}
