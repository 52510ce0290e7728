using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace BudapestPost.EndToEndTests;

/// <summary>The DevHost as its own operating-system process, with its console output kept for assertions and diagnostics.</summary>
public sealed class DevHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private DevHostProcess(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public IReadOnlyCollection<string> Output => _output;

    public static DevHostProcess Start(string devHostPath, int port, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(devHostPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the DevHost.");
        var host = new DevHostProcess(process, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) host._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) host._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public async Task WaitUntilRunningAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The DevHost exited with code {_process.ExitCode}:\n{string.Join('\n', _output)}");
            }
            try
            {
                var status = await Client.GetFromJsonAsync<JsonElement>("admin/host/status");
                if (status.GetProperty("state").GetString() == "Running")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"The DevHost was not running after {timeout}:\n{string.Join('\n', _output)}");
            }
            await Task.Delay(100);
        }
    }

    public async Task<int?> GetWorkerProcessIdAsync()
    {
        var status = await Client.GetFromJsonAsync<JsonElement>("admin/host/status");
        var id = status.GetProperty("worker").GetProperty("processId");
        return id.ValueKind == JsonValueKind.Number ? id.GetInt32() : null;
    }

    /// <summary>Stops it as Ctrl+C or a service manager would (SIGTERM), killing it only if it does not stop in time.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await signal.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Client.Dispose();
        _process.Dispose();
    }
}
