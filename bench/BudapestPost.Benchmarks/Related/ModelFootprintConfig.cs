using BenchmarkDotNet.Configs;

namespace BudapestPost.Benchmarks.Related;

internal sealed class ModelFootprintConfig : ManualConfig
{
    public ModelFootprintConfig()
    {
        AddColumn(new ModelFootprintColumn(ModelFootprintColumn.Measure.Heap));
        AddColumn(new ModelFootprintColumn(ModelFootprintColumn.Measure.Blob));
    }
}
