using System.Diagnostics;
using BudapestPost.DevHost.Hosting;

namespace BudapestPost.DevHost.Worker;

/// <summary>
/// The worker's operating-system process, started the way the Functions host starts it. On Unix it runs under
/// a small shell watchdog that kills it when the DevHost process is gone, so even a DevHost killed outright
/// (where no shutdown code runs) leaves no orphaned worker behind.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    // $1 is the DevHost's pid, the rest the worker's command line; exits with the worker's exit code.
    private const string Watchdog = """
        host=$1; shift
        "$@" &
        worker=$!
        while kill -0 "$host" 2>/dev/null && kill -0 "$worker" 2>/dev/null; do sleep 1; done
        kill -0 "$worker" 2>/dev/null && kill -KILL "$worker"
        wait "$worker"
        """;

    private readonly Process _process;

    private WorkerProcess(Process process)
    {
        _process = process;
        Id = process.Id;
        // Taken once at start, so shutdown can still wait on it after the supervisor has disposed the process.
        Exited = process.WaitForExitAsync(CancellationToken.None);
    }

    public int Id { get; }
    public Task Exited { get; }
    public bool HasExited => Exited.IsCompleted;
    public int ExitCode => _process.ExitCode;

    public static WorkerProcess Start(FunctionAppFolder app, Uri rpcUri, string workerId, ILogger logger)
    {
        string[] command =
        [
            app.Executable,
            app.WorkerPath,
            "--functions-uri", rpcUri.ToString(),
            "--functions-worker-id", workerId,
            "--functions-request-id", Guid.NewGuid().ToString(),
            // Without it the worker's gRPC client refuses its own first message and dies.
            "--functions-grpc-max-message-length", int.MaxValue.ToString(),
        ];
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo(command[0], command[1..])
            : new ProcessStartInfo("/bin/sh", ["-c", Watchdog, "sh", Environment.ProcessId.ToString(), .. command]);
        start.WorkingDirectory = app.Directory;
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment.Clear();
        foreach (var (name, value) in app.Settings)
        {
            start.Environment[name] = value;
        }
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = app.Directory;
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = app.Directory;
        // As App Service sets it where its authentication is on: the DevHost signs callers in (DevSignIn).
        start.Environment["WEBSITE_AUTH_ENABLED"] = "True";

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) logger.LogInformation("{Line}", e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) logger.LogError("{Line}", e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WorkerProcess(process);
    }

    /// <summary>Kills the worker and anything it started; safe to call from exit handlers and more than once.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose() => _process.Dispose();
}
