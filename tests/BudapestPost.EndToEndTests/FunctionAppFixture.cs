using System.Reflection;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

/// <summary>
/// One Azurite, one DevHost process and the real BudapestPost.Functions worker for the whole run, on free
/// loopback ports. <see cref="RestartAsync"/> replaces the DevHost on the same storage.
/// </summary>
public class FunctionAppFixture : IAsyncLifetime
{
    public const string FunctionKey = "e2e-function-key";
    public const string MasterKey = "e2e-master-key";
    public const string BlobsExtensionKey = "e2e-blobs-extension-key";

    /// <summary>The article-events webhook's own key (named <c>eventgrid</c>, as Event Grid's subscription uses it in Azure).</summary>
    public const string EventGridKey = "e2e-eventgrid-key";
    public const string EventGridKeyArgument = "--DevHost:FunctionKeys:ArticleFilesChanged:eventgrid=" + EventGridKey;

    private static readonly string Configuration =
        typeof(FunctionAppFixture).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private LocalSettingsFile? _settings;

    public AzuriteFixture Storage { get; } = new();
    public DevHostProcess Host { get; private set; } = null!;
    public HttpClient Client => Host.Client;

    public static string AppDirectory { get; } =
        Path.Combine(RepositoryRoot.Path, "src", "BudapestPost.Functions", "bin", Configuration, "net10.0");

    public static string DevHostPath { get; } =
        Path.Combine(RepositoryRoot.Path, "src", "BudapestPost.DevHost", "bin", Configuration, "net10.0", "BudapestPost.DevHost.dll");

    /// <summary>Values added to the app's local.settings.json (the worker's environment).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    public virtual async Task InitializeAsync()
    {
        await Storage.InitializeAsync();
        _settings = LocalSettingsFile.Create(Storage.ConnectionString, ExtraSettings);
        await StartHostAsync();
    }

    /// <summary>Stops the DevHost and starts a new one on the same storage, not before <paramref name="startAt"/> when given.</summary>
    public async Task RestartAsync(DateTimeOffset? startAt = null)
    {
        await Host.DisposeAsync();
        if (startAt - DateTimeOffset.UtcNow is { Ticks: > 0 } downtime)
        {
            await Task.Delay(downtime);
        }
        await StartHostAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Storage.DisposeAsync();
        _settings?.Dispose();
    }

    private async Task StartHostAsync()
    {
        Host = await StartDevHostAsync(LoopbackPort.Free(), _settings!.Path);
    }

    /// <summary>The DevHost with the compiled app on <paramref name="port"/>, the test keys and quick blob triggers, once running.</summary>
    public static async Task<DevHostProcess> StartDevHostAsync(int port, string settingsPath)
    {
        var host = DevHostProcess.Start(DevHostPath, port,
        [
            $"--DevHost:AppDirectory={AppDirectory}",
            $"--DevHost:SettingsFile={settingsPath}",
            $"--DevHost:Port={port}",
            $"--DevHost:FunctionKey={FunctionKey}",
            $"--DevHost:MasterKey={MasterKey}",
            $"--DevHost:BlobsExtensionKey={BlobsExtensionKey}",
            EventGridKeyArgument,
            "--DevHost:BlobPollInterval=00:00:00.500",
            "--DevHost:BlobRetryDelay=00:00:00.100",
        ]);
        await host.WaitUntilRunningAsync(TimeSpan.FromSeconds(90));
        return host;
    }
}
