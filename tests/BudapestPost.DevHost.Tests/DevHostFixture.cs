using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using BudapestPost.DevHost.Hosting;
using BudapestPost.Testing;
using Microsoft.AspNetCore.Builder;

namespace BudapestPost.DevHost.Tests;

/// <summary>
/// A DevHost on free loopback ports running the real test worker app against a private Azurite. It can be
/// stopped and started again on the same storage, as a developer restarting it would.
/// </summary>
public class DevHostFixture : IAsyncLifetime
{
    public const string FunctionKey = "test-function-key";
    public const string MasterKey = "test-master-key";
    public const string BlobsExtensionKey = "test-blobs-extension-key";
    public const string WorkQueue = "work-items";
    // Short enough for the timeout test, long enough for a first invocation on a busy machine.
    public static readonly TimeSpan FunctionTimeout = TimeSpan.FromSeconds(10);

    private LocalSettingsFile? _settings;
    private WebApplication? _app;

    public AzuriteFixture Storage { get; } = new();
    public HttpClient Client { get; private set; } = new();

    public static string TestAppDirectory { get; } = Path.Combine(
        RepositoryRoot.Path, "tests", "BudapestPost.DevHost.TestApp", "bin",
        typeof(DevHostFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug", "net10.0");

    /// <summary>The compiled function app the DevHost runs.</summary>
    protected virtual string AppDirectory => TestAppDirectory;

    /// <summary>How often the DevHost lists blob containers; zero leaves only the Event Grid webhook.</summary>
    protected virtual TimeSpan BlobPollInterval => TimeSpan.FromMilliseconds(300);

    /// <summary>First wait before a failed blob is tried again (it doubles).</summary>
    protected virtual TimeSpan BlobRetryDelay => TimeSpan.FromMilliseconds(50);

    public async Task InitializeAsync()
    {
        await Storage.InitializeAsync();
        _settings = LocalSettingsFile.Create(Storage.ConnectionString, new Dictionary<string, string>
        {
            ["TickSchedule"] = "*/1 * * * * *",
            ["WorkQueue"] = WorkQueue,
            ["AzureWebJobs.Retired.Disabled"] = "true",
        });
        await StartAsync();
    }

    public async Task StartAsync()
    {
        var port = LoopbackPort.Free();
        _app = DevHostApplication.Build(
        [
            $"--DevHost:AppDirectory={AppDirectory}",
            $"--DevHost:SettingsFile={_settings!.Path}",
            $"--DevHost:Port={port}",
            $"--DevHost:FunctionKey={FunctionKey}",
            $"--DevHost:MasterKey={MasterKey}",
            $"--DevHost:BlobsExtensionKey={BlobsExtensionKey}",
            $"--DevHost:FunctionTimeout={FunctionTimeout}",
            $"--DevHost:BlobPollInterval={BlobPollInterval}",
            $"--DevHost:BlobRetryDelay={BlobRetryDelay}",
            "--DevHost:RestartDelay=00:00:00.200",
            "--Logging:LogLevel:Default=Warning",
        ]);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await WaitUntilRunningAsync(TimeSpan.FromSeconds(60));
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        Client.Dispose();
    }

    public async Task<JsonElement> GetStatusAsync() =>
        await Client.GetFromJsonAsync<JsonElement>("admin/host/status");

    public async Task WaitUntilRunningAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while ((await GetStatusAsync()).GetProperty("state").GetString() != "Running")
        {
            await Task.Delay(100, deadline.Token);
        }
    }

    public virtual async Task DisposeAsync()
    {
        await StopAsync();
        await Storage.DisposeAsync();
        _settings?.Dispose();
    }
}
