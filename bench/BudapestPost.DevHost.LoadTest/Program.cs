using System.Diagnostics;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using BudapestPost.DevHost.LoadTest;
using BudapestPost.Testing;

// dotnet run -c Release --project bench/BudapestPost.DevHost.LoadTest [-- <seconds per load run> <concurrency> <startup runs>]
var seconds = args.Length > 0 ? int.Parse(args[0]) : 10;
var concurrency = args.Length > 1 ? int.Parse(args[1]) : 16;
var startupRuns = args.Length > 2 ? int.Parse(args[2]) : 3;

var configuration = typeof(LoadResult).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
var appDirectory = Path.Combine(RepositoryRoot.Path, "src", "BudapestPost.Functions", "bin", configuration, "net10.0");
var devHost = Path.Combine(RepositoryRoot.Path, "src", "BudapestPost.DevHost", "bin", configuration, "net10.0", "BudapestPost.DevHost.dll");

var azurite = new AzuriteFixture();
await azurite.InitializeAsync();
var settingsFile = Path.Combine(Path.GetTempPath(), $"devhost-bench-{Guid.NewGuid():N}.json");
await File.WriteAllTextAsync(settingsFile, new JsonObject
{
    ["Values"] = new JsonObject { ["AzureWebJobsStorage"] = azurite.ConnectionString, ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated" },
}.ToJsonString());

try
{
    Console.WriteLine($"DevHost benchmark ({configuration}; {Environment.ProcessorCount} cores; {DateTime.UtcNow:u})");
    var startups = new List<double>();
    for (var run = 1; run <= startupRuns; run++)
    {
        var (process, port, startup) = await StartAsync(devHost, appDirectory, settingsFile);
        startups.Add(startup.TotalMilliseconds);
        Console.WriteLine($"startup {run}: process start -> first 200 from /api/health: {startup.TotalMilliseconds:F0} ms");
        if (run < startupRuns)
        {
            await StopAsync(process);
            continue;
        }

        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/admin/host/status");
        var workerUri = new Uri(status.GetProperty("worker").GetProperty("httpUri").GetString()!);
        var warmUp = TimeSpan.FromSeconds(2);
        var duration = TimeSpan.FromSeconds(seconds);

        Console.WriteLine($"load: {concurrency} concurrent clients, {warmUp.TotalSeconds:F0} s warm-up, {seconds} s measured");
        Console.WriteLine(await LoadGenerator.RunAsync(
            "GET /api/health through the DevHost (function runs)", new Uri($"http://127.0.0.1:{port}/api/health"), concurrency, warmUp, duration));
        // The worker runs a function only for an invocation the host sent; asked directly it answers 500 from its
        // HTTP front without running anything, which is the floor of what the worker side costs.
        Console.WriteLine(await LoadGenerator.RunAsync(
            "GET /api/health straight to the worker HttpUri (no invocation)", new Uri(workerUri, "api/health"), concurrency, warmUp, duration));
        Console.WriteLine(await LoadGenerator.RunAsync(
            "GET /api/unknown answered by the DevHost alone (404)", new Uri($"http://127.0.0.1:{port}/api/unknown"), concurrency, warmUp, duration));
        await StopAsync(process);
    }
    Console.WriteLine($"startup median of {startups.Count}: {startups.Order().ElementAt(startups.Count / 2):F0} ms");
}
finally
{
    await azurite.DisposeAsync();
    File.Delete(settingsFile);
}

static async Task<(Process Process, int Port, TimeSpan Startup)> StartAsync(string devHost, string appDirectory, string settingsFile)
{
    var port = LoopbackPort.Free();
    var start = new ProcessStartInfo("dotnet")
    {
        ArgumentList =
        {
            devHost, $"--DevHost:AppDirectory={appDirectory}", $"--DevHost:SettingsFile={settingsFile}", $"--DevHost:Port={port}",
            "--Logging:LogLevel:Default=Warning",
        },
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    var clock = Stopwatch.StartNew();
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    while (clock.Elapsed < TimeSpan.FromSeconds(120))
    {
        try
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{port}/api/health");
            if (response.IsSuccessStatusCode)
            {
                return (process, port, clock.Elapsed);
            }
        }
        catch (HttpRequestException)
        {
            // Not listening yet.
        }
        await Task.Delay(20);
    }
    process.Kill(entireProcessTree: true);
    throw new TimeoutException("The DevHost did not answer 200 on /api/health within 120 s.");
}

static async Task StopAsync(Process process)
{
    using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString()]))
    {
        await signal.WaitForExitAsync();
    }
    if (!process.WaitForExit(20_000))
    {
        process.Kill(entireProcessTree: true);
    }
    process.Dispose();
}
