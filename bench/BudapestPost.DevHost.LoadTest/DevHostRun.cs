using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.LoadTest;

/// <summary>One DevHost process with one app, timed from process start to the first 200 on a probe path.</summary>
public sealed class DevHostRun : IAsyncDisposable
{
    private readonly Process _process;

    private DevHostRun(Process process, int port, TimeSpan startup)
    {
        _process = process;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        Startup = startup;
    }

    public Uri BaseUri { get; }
    public TimeSpan Startup { get; }

    /// <summary>The DevHost's process; its workers are its child processes.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The <c>Cookie</c> header of a session from the DevHost's development sign-in, for the editors' routes.</summary>
    public async Task<string> SessionCookieAsync(string user, string roles)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseUri };
        using var response = await client.GetAsync($".auth/login/dev?user={Uri.EscapeDataString(user)}&roles={Uri.EscapeDataString(roles)}");
        return response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.First().Split(';')[0]
            : throw new InvalidOperationException($"The development sign-in answered {(int)response.StatusCode} without a session cookie.");
    }

    public static Task<DevHostRun> StartAsync(string devHost, string appDirectory, string settingsFile, string probePath, params string[] arguments) =>
        StartAsync(devHost, appDirectory, settingsFile, probePath, new Dictionary<string, string>(), arguments);

    /// <param name="environment">Variables for the DevHost and so for its worker: app settings that win over the settings file.</param>
    public static async Task<DevHostRun> StartAsync(
        string devHost, string appDirectory, string settingsFile, string probePath, IReadOnlyDictionary<string, string> environment, params string[] arguments)
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
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the DevHost.");
        // DEVHOST_LOG=<file> keeps the DevHost's log (with the worker's) for a look afterwards.
        var log = Environment.GetEnvironmentVariable("DEVHOST_LOG") is { Length: > 0 } logPath ? TextWriter.Synchronized(new StreamWriter(logPath) { AutoFlush = true }) : null;
        process.OutputDataReceived += (_, line) => log?.WriteLine(line.Data);
        process.ErrorDataReceived += (_, line) => log?.WriteLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        while (clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            try
            {
                using var response = await client.GetAsync($"http://127.0.0.1:{port}/{probePath}");
                if (response.IsSuccessStatusCode)
                {
                    return new DevHostRun(process, port, clock.Elapsed);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(20);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException($"The DevHost did not answer 200 on /{probePath} within 120 s.");
    }

    public async Task<Uri> GetWorkerUriAsync() =>
        new((await GetStatusAsync()).GetProperty("worker").GetProperty("httpUri").GetString()!);

    /// <summary>The DevHost's /admin/host/status: its worker, standby and pending blobs.</summary>
    public async Task<JsonElement> GetStatusAsync()
    {
        using var client = new HttpClient();
        return await client.GetFromJsonAsync<JsonElement>(new Uri(BaseUri, "admin/host/status"));
    }

    /// <summary>SIGTERM, as Ctrl+C would, so the DevHost stops its worker; a kill only if that hangs.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
        {
            await signal.WaitForExitAsync();
        }
        if (!_process.WaitForExit(20_000))
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}
