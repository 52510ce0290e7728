namespace BudapestPost.DevHost.Hosting;

/// <summary>Settings of the DevHost itself (section "DevHost"); the app's own settings come from local.settings.json.</summary>
public sealed class DevHostOptions
{
    public const string SectionName = "DevHost";

    /// <summary>The function app's build output folder (holds worker.config.json and host.json).</summary>
    public string AppDirectory { get; set; } = "";

    /// <summary>local.settings.json to read; empty means the app folder's, then the working folder's, then the samples.</summary>
    public string SettingsFile { get; set; } = "";

    /// <summary>Loopback port for client HTTP; 0 picks a free one.</summary>
    public int Port { get; set; } = 7071;

    /// <summary>Loopback port for the worker's gRPC stream; 0 picks a free one.</summary>
    public int GrpcPort { get; set; }

    /// <summary>Identifies this host in blob receipts, so two hosts on one storage account keep separate books.</summary>
    public string HostId { get; set; } = "devhost";

    /// <summary>Accepted for authLevel "function" (as is the master key).</summary>
    public string FunctionKey { get; set; } = "";

    /// <summary>
    /// Keys of single functions, by function name then key name (<c>DevHost:FunctionKeys:ArticleFilesChanged:eventgrid</c>),
    /// as the real host keeps a function's own keys: each opens only its function.
    /// </summary>
    public Dictionary<string, Dictionary<string, string>> FunctionKeys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Accepted for authLevel "function" and "admin".</summary>
    public string MasterKey { get; set; } = "";

    /// <summary>The <c>blobs_extension</c> system key the Event Grid webhook for blob triggers requires (as does the master key).</summary>
    public string BlobsExtensionKey { get; set; } = "";

    public TimeSpan FunctionTimeout { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan WorkerStartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public TimeSpan WorkerTerminateGrace { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often blob-trigger containers are listed; zero turns polling off (the Event Grid webhook still works).</summary>
    public TimeSpan BlobPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>First retry delay of a failed blob invocation; it doubles on each further attempt.</summary>
    public TimeSpan BlobRetryDelay { get; set; } = TimeSpan.FromSeconds(2);
}
