using System.Reflection;
using BudapestPost.DevHost.LoadTest;
using BudapestPost.Testing;

// dotnet run -c Release --project bench/BudapestPost.DevHost.LoadTest -- api [seconds] [clients] [other compiled app folder]...
// dotnet run -c Release --project bench/BudapestPost.DevHost.LoadTest -- host [seconds] [clients] [startup runs]
var suite = args.Length > 0 ? args[0] : "api";
var seconds = args.Length > 1 ? int.Parse(args[1]) : suite == "api" ? 8 : 10;
var concurrency = args.Length > 2 ? int.Parse(args[2]) : 16;

var configuration = typeof(LoadResult).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
string Output(string folder, string project) => Path.Combine(RepositoryRoot.Path, folder, project, "bin", configuration, "net10.0");
var devHost = Path.Combine(Output("src", "BudapestPost.DevHost"), "BudapestPost.DevHost.dll");
var functionApp = Output("src", "BudapestPost.Functions");
var testApp = Output("tests", "BudapestPost.DevHost.TestApp");
var warmUp = TimeSpan.FromSeconds(2);
var duration = TimeSpan.FromSeconds(seconds);

if (suite == "api")
{
    // Further app folders (say, a build of the previous version) run the same cases in the same run, one after another.
    Console.WriteLine($"API load ({configuration}, {Environment.ProcessorCount} cores, {DateTime.UtcNow:u}): {concurrency} clients " +
        $"from 127.0.0.{LoopbackClients.Address(0).GetAddressBytes()[3]}+, {warmUp.TotalSeconds:F0} s warm-up, {seconds} s measured per case");
    var api = new ApiLoadSuite(devHost, concurrency, warmUp, duration);
    var apps = new[] { functionApp }.Concat(args.Skip(3)).ToList();
    for (var i = 0; i < apps.Count; i++)
    {
        await api.RunAsync(i == 0 ? "this build" : $"app {i + 1}", apps[i]);
    }
    return;
}
if (suite != "host")
{
    Console.Error.WriteLine($"Unknown suite '{suite}': use 'api' (the API against raw storage) or 'host' (the DevHost's own costs).");
    Environment.Exit(2);
}
var startupRuns = args.Length > 3 ? int.Parse(args[3]) : 3;

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
