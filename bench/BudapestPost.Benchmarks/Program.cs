using BenchmarkDotNet.Running;

// Run all: dotnet run -c Release --project bench/BudapestPost.Benchmarks -- --filter '*'
// Named through a benchmark class: the referenced function app has a Program of its own.
BenchmarkSwitcher.FromAssembly(typeof(BudapestPost.Benchmarks.ArticleBenchmarks).Assembly).Run(args);
