using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Xunit;

namespace BudapestPost.Testing;

/// <summary>
/// Starts a private, in-memory Azurite (blob, queue, table) on free loopback ports for the test run
/// and stops it afterwards. Tests never talk to an Azurite someone else left running.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's well-known development account; documented publicly and valid only for the emulator.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();
    private Process? _process;

    public string ConnectionString { get; private set; } = "";
    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }

    public BlobServiceClient BlobService => new(ConnectionString);
    public TableServiceClient TableService => new(ConnectionString);

    public async Task InitializeAsync()
    {
        var executable = Path.Combine(RepositoryRoot.Path, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({executable} is missing). Run 'npm ci' in {RepositoryRoot.Path} first.");
        }

        (BlobPort, QueuePort, TablePort) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                executable, "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--loose",
                "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(),
                "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(),
                "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _errors.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
            $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
            $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

        // Generous: on a loaded machine (several test projects start their own Azurite at once) node
        // can take well over 30 s to listen.
        await WaitUntilListeningAsync(TimeSpan.FromSeconds(120));
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process?.Dispose();
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

    private async Task WaitUntilListeningAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var port in new[] { BlobPort, QueuePort, TablePort })
        {
            while (true)
            {
                if (_process!.HasExited)
                {
                    throw new InvalidOperationException(
                        $"Azurite exited with code {_process.ExitCode} before listening: {string.Join(" ", _errors)} " +
                        "Check that 'npm ci' ran in the repository root.");
                }
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (deadline.Elapsed < timeout)
                {
                    await Task.Delay(100);
                }
                catch (SocketException exception)
                {
                    throw new InvalidOperationException(
                        $"Azurite did not listen on 127.0.0.1:{port} within {timeout.TotalSeconds} s. The machine may be " +
                        "overloaded: run the tests again, or one project at a time (dotnet test tests/<project>).", exception);
                }
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
