using System.Reflection;
using BudapestPost.DevHost.LoadTest;
using BudapestPost.Testing;

// dotnet run -c Release --project bench/BudapestPost.DevHost.LoadTest [-- <seconds per load run> <concurrency> <startup runs>]
//   or -- related-import <articles> [--only-related] [--in-memory] [--polling]   |   -- related-latency <articles> <publishes> [other compiled app folder]   |   -- faults [<files> [<outage seconds>]]
//   or -- api [seconds per case] [clients] [other compiled app folder]...   |   -- scheduled [articles]
var configuration = typeof(LoadResult).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
string Output(string folder, string project) => Path.Combine(RepositoryRoot.Path, folder, project, "bin", configuration, "net10.0");
var devHost = Path.Combine(Output("src", "BudapestPost.DevHost"), "BudapestPost.DevHost.dll");
var functionApp = Output("src", "BudapestPost.Functions");
switch (args.FirstOrDefault())
{
    case "related-import":
        await RelatedImport.BulkImportAsync(devHost, functionApp, int.Parse(args[1]), args.Contains("--only-related"), args.Contains("--in-memory"), args.Contains("--polling"));
        return;
    case "faults":
        await FaultRuns.RunAsync(devHost, functionApp, args.Length > 1 ? int.Parse(args[1]) : 1000,
            TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2]) : 20));
        return;
    case "scheduled":
        await ScheduledGoLive.RunAsync(devHost, functionApp, args.Length > 1 ? int.Parse(args[1]) : 1000);
        return;
    case "related-latency":
        await RelatedImport.PublishLatencyAsync(devHost, args.Length > 3 ? args[3] : functionApp, int.Parse(args[1]), int.Parse(args[2]));
        return;
    case "api":
        await ApiLoadSuite.RunAsync(devHost, [functionApp, .. args.Skip(3)],
            TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1]) : 8), args.Length > 2 ? int.Parse(args[2]) : 16);
        return;
}

var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 16;
var startupRuns = args.Length > 2 ? int.Parse(args[2]) : 3;

var testApp = Output("tests", "BudapestPost.DevHost.TestApp");
var warmUp = TimeSpan.FromSeconds(2);
var duration = TimeSpan.FromSeconds(seconds);

var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
using var settings = LocalSettingsFile.Create(azurite.ConnectionString);
try
{
    Console.WriteLine($"DevHost benchmark ({configuration}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u})");
    var startups = new List<double>();
    for (var run = 1; run <= startupRuns; run++)
    {
        await using var host = await DevHostRun.StartAsync(devHost, functionApp, settings.Path, "api/health");
        startups.Add(host.Startup.TotalMilliseconds);
        Console.WriteLine($"startup {run}: process start -> first 200 from /api/health: {host.Startup.TotalMilliseconds:F0} ms");
        if (run < startupRuns)
        {
            continue;
        }

        Console.WriteLine($"load: {concurrency} concurrent clients, {warmUp.TotalSeconds:F0} s warm-up, {seconds} s measured each");
        Console.WriteLine(await LoadGenerator.RunAsync("Budapest Post: GET /api/health through the DevHost",
            new Uri(host.BaseUri, "api/health"), concurrency, warmUp, duration));
        // The worker runs a function only for an invocation its host sent; asked directly it answers 500 from its
        // HTTP front without running anything: the floor of what the worker side costs per request.
        Console.WriteLine(await LoadGenerator.RunAsync("Budapest Post: GET /api/health straight to the worker",
            new Uri(await host.GetWorkerUriAsync(), "api/health"), concurrency, warmUp, duration));
        Console.WriteLine(await LoadGenerator.RunAsync("DevHost alone: GET /api/unknown (404, no worker)",
            new Uri(host.BaseUri, "api/unknown"), concurrency, warmUp, duration));
    }
    Console.WriteLine($"startup median of {startups.Count}: {startups.Order().ElementAt(startups.Count / 2):F0} ms");

    // /api/health reads Azurite twice per request; a function that touches no storage shows the DevHost's own cost.
    await using (var host = await DevHostRun.StartAsync(devHost, testApp, settings.Path, "api/hello/World"))
    {
        Console.WriteLine(await LoadGenerator.RunAsync("test app: GET /api/hello/World through the DevHost",
            new Uri(host.BaseUri, "api/hello/World"), concurrency, warmUp, duration));
        Console.WriteLine(await LoadGenerator.RunAsync("test app: GET /api/hello/World straight to the worker",
            new Uri(await host.GetWorkerUriAsync(), "api/hello/World"), concurrency, warmUp, duration));
    }
}
finally
{
    await azurite.DisposeAsync();
}
