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
    private readonly ConcurrentDictionary<string, Lazy<Task<HttpClient>>> _signedIn = new(StringComparer.Ordinal);

    public const string EditorName = "Eva Editor";
    public const string AdminName = "Adam Admin";

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

    /// <summary>A client signed in as an editor (role Editor) through the DevHost's development sign-in.</summary>
    public Task<HttpClient> EditorAsync() => SignedInAsync(EditorName, "Editor");

    /// <summary>A client signed in as an admin (role Admin).</summary>
    public Task<HttpClient> AdminAsync() => SignedInAsync(AdminName, "Admin");

    /// <summary>
    /// A client that sends the session cookie of <c>/.auth/login/dev?user=…&amp;roles=…</c>, as a browser would after signing
    /// in; one per user and roles for the life of this host (a new host does not know the old one's sessions).
    /// </summary>
    public Task<HttpClient> SignedInAsync(string user, string roles) =>
        _signedIn.GetOrAdd(user + "\n" + roles, _ => new Lazy<Task<HttpClient>>(() => SignInAsync(user, roles))).Value;

    /// <summary>The <c>Cookie</c> header value of a new session signed in as <paramref name="user"/> with <paramref name="roles"/>.</summary>
    public async Task<string> SessionCookieAsync(string user, string roles)
    {
        using var signIn = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Client.BaseAddress };
        using var response = await signIn.GetAsync($".auth/login/dev?user={Uri.EscapeDataString(user)}&roles={Uri.EscapeDataString(roles)}");
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect || !response.Headers.TryGetValues("Set-Cookie", out var cookies))
        {
            throw new InvalidOperationException($"The development sign-in answered {(int)response.StatusCode} without a session cookie.");
        }
        return cookies.First().Split(';')[0];
    }

    private async Task<HttpClient> SignInAsync(string user, string roles)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = Client.BaseAddress };
        client.DefaultRequestHeaders.Add("Cookie", await SessionCookieAsync(user, roles));
        return client;
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
        foreach (var client in _signedIn.Values.Where(client => client.IsValueCreated && client.Value.IsCompletedSuccessfully))
        {
            client.Value.Result.Dispose();
        }
        _process.Dispose();
    }
}
