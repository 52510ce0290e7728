using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Xunit;

namespace BudapestPost.Testing;

/// <summary>
/// Starts a private, in-memory Azurite (blob, queue, table) on free loopback ports for the test run
/// and stops it afterwards. Tests never talk to an Azurite someone else left running. Given a data
/// folder it keeps its data on disk instead, so it can be stopped and started again on the same ports
/// (a storage outage).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's well-known development account; documented publicly and valid only for the emulator.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();
    private readonly string? _dataFolder;
    private Process? _process;

    public AzuriteFixture()
    {
    }

    // xunit wants one public constructor for a fixture: the on-disk kind is made by OnDisk.
    private AzuriteFixture(string dataFolder) => _dataFolder = dataFolder;

    /// <summary>An Azurite that keeps its data in <paramref name="dataFolder"/> across <see cref="Stop"/> and <see cref="StartAsync"/>.</summary>
    public static AzuriteFixture OnDisk(string dataFolder) => new(dataFolder);

    public string ConnectionString { get; private set; } = "";
    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }

    /// <summary>The node process running Azurite, while it runs.</summary>
    public int? ProcessId => _process?.Id;

    public BlobServiceClient BlobService => new(ConnectionString);
    public TableServiceClient TableService => new(ConnectionString);

    public async Task InitializeAsync()
    {
        (BlobPort, QueuePort, TablePort) = (LoopbackPort.Free(), LoopbackPort.Free(), LoopbackPort.Free());
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";
        await StartAsync();
    }

    /// <summary>Stops Azurite; with a data folder, <see cref="StartAsync"/> brings it back with its data.</summary>
    public void Stop()
    {
        if (_process is { HasExited: false } && _dataFolder is not null)
        {
            // Azurite saves its on-disk database on SIGTERM; a kill could lose its last writes.
            using var signal = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
            signal.WaitForExit();
            _process.WaitForExit(10_000);
        }
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Starts Azurite on this fixture's ports and waits until it listens.</summary>
    public async Task StartAsync()
    {
        var executable = Path.Combine(RepositoryRoot.Path, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing). Run 'npm ci' in {RepositoryRoot.Path} first.");
        }

        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                executable, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(_dataFolder is null ? "--inMemoryPersistence" : "--location");
        if (_dataFolder is not null)
        {
            start.ArgumentList.Add(_dataFolder);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _errors.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Generous: on a loaded machine (several test projects start their own Azurite at once) node
        // can take well over 30 s to listen.
        await LoopbackPort.WaitUntilListeningAsync(_process!, [BlobPort, QueuePort, TablePort], TimeSpan.FromSeconds(120),
            () => $"Azurite: {string.Join(" ", _errors)} Check that 'npm ci' ran in the repository root.");
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    /// <summary>A name no other test uses, valid for both containers and tables.</summary>
    public static string UniqueName(string prefix) => $"{prefix.ToLowerInvariant()}{Guid.NewGuid():N}";

    public async Task<BlobContainerClient> CreateContainerAsync(string prefix = "c")
    {
        var container = BlobService.GetBlobContainerClient(UniqueName(prefix));
        await container.CreateAsync();
        return container;
    }

    public async Task<TableClient> CreateTableAsync(string prefix = "t")
    {
        var table = TableService.GetTableClient(UniqueName(prefix));
        await table.CreateAsync();
        return table;
    }
}
