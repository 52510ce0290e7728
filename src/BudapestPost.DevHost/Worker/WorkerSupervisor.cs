using System.Diagnostics;
using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Http;
using BudapestPost.DevHost.Rpc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Worker;

/// <summary>
/// Owns the worker process: starts it, completes the handshake and loads its functions, restarts it with
/// backoff when it dies, and on shutdown asks it to terminate before killing it. It never leaves the worker
/// running after the DevHost has gone, short of the DevHost being killed outright.
/// </summary>
public sealed class WorkerSupervisor(
    FunctionAppFolder app,
    RpcEndpoint rpcEndpoint,
    WorkerChannelRegistry registry,
    WorkerLogForwarder logs,
    IInlineConstraintResolver constraintResolver,
    IHostApplicationLifetime lifetime,
    IOptions<DevHostOptions> options,
    TimeProvider time,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<WorkerSupervisor>();
    private readonly object _gate = new();
    private TaskCompletionSource<WorkerSession> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WorkerProcess? _process;
    private volatile WorkerSession? _session;
    private volatile WorkerState _state = WorkerState.Starting;
    private Task? _terminating;

    public WorkerState State
    {
        get => _state;
        private set => _state = value;
    }

    /// <summary>The ready worker, or null while it starts or restarts.</summary>
    public WorkerSession? Session => _session;

    /// <summary>The functions of the last worker that loaded, kept while it restarts so routes still answer 404/405.</summary>
    public FunctionCatalog? LastCatalog { get; private set; }

    public int Restarts { get; private set; }

    public Task<WorkerSession> WaitForSessionAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _ready.Task.WaitAsync(cancellationToken);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await (_terminating ?? TerminateAsync());
        await base.StopAsync(cancellationToken);
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Kestrel may stop before this service does, and the worker quits when its stream drops; so the
        // orderly WorkerTerminate is sent as soon as stopping begins, while the stream is still up.
        lifetime.ApplicationStopping.Register(() => _terminating = TerminateAsync());
        return base.StartAsync(cancellationToken);
    }

    private async Task TerminateAsync()
    {
        State = WorkerState.Stopped;
        if (_session is { } session && _process is { HasExited: false } process)
        {
            _logger.LogInformation("Stopping worker {ProcessId}", process.Id);
            try
            {
                session.Channel.Terminate(options.Value.WorkerTerminateGrace);
                await process.Exited.WaitAsync(options.Value.WorkerTerminateGrace, time);
            }
            catch (Exception exception) when (exception is TimeoutException or WorkerUnavailableException)
            {
                _logger.LogWarning("Worker {ProcessId} did not exit in time; killing it", process.Id);
            }
        }
        KillWorker();
    }

    /// <summary>Last-resort cleanup for exit paths that skip the host's orderly shutdown.</summary>
    public void KillWorker() => _process?.Kill();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForServerStartAsync(stoppingToken);
        var consecutiveFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await RunWorkerAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _logger.LogError(exception, "Worker failed to start");
            }
            if (stoppingToken.IsCancellationRequested || State == WorkerState.Stopped)
            {
                break;
            }

            // A worker that ran for a while and then died comes back at once (requests meanwhile get 503); one
            // that keeps failing waits RestartDelay, doubling, so a broken build does not spin.
            consecutiveFailures = time.GetElapsedTime(started) > TimeSpan.FromMinutes(1) ? 1 : consecutiveFailures + 1;
            var delay = consecutiveFailures == 1 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(
                options.Value.RestartDelay.Ticks * (1L << Math.Min(consecutiveFailures - 2, 16)),
                options.Value.MaxRestartDelay.Ticks));
            State = WorkerState.Restarting;
            Restarts++;
            _logger.LogWarning("Restarting the worker in {DelayMs} ms", (long)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task RunWorkerAsync(CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        var channel = new WorkerChannel(Guid.NewGuid().ToString(), logs);
        registry.Add(channel);
        using var process = WorkerProcess.Start(app, rpcEndpoint.Uri, channel.WorkerId, loggerFactory.CreateLogger("Worker.Console"));
        _process = process;
        _logger.LogInformation("Started worker {ProcessId}: {Executable} {WorkerPath}", process.Id, app.Executable, app.WorkerPath);
        var exited = process.Exited.WaitAsync(stoppingToken);
        try
        {
            var session = await ConnectAsync(channel, process, exited, stoppingToken);
            lock (_gate)
            {
                _session = session;
                LastCatalog = session.Catalog;
                State = WorkerState.Running;
                _ready.TrySetResult(session);
            }
            LogFunctions(session, clock.Elapsed);
            // The stream drops the moment the worker dies; its watchdog notices within a second, which is not
            // waited for: the restart follows at once and the old process tree is killed below.
            await Task.WhenAny(exited, channel.Disconnected);
            WithdrawSession();
            await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMilliseconds(100), time, CancellationToken.None));
            var level = State == WorkerState.Stopped ? LogLevel.Information : LogLevel.Warning;
            if (process.HasExited)
            {
                _logger.Log(level, "Worker {ProcessId} exited with code {ExitCode}", process.Id, process.ExitCode);
            }
            else
            {
                _logger.Log(level, "Worker {ProcessId} closed its stream; stopping it", process.Id);
            }
        }
        finally
        {
            WithdrawSession();
            channel.Close();
            registry.Remove(channel);
            process.Kill();
            _process = null;
        }
    }

    /// <summary>Stops routing to the current worker: requests get 503 and waiters wait for the next one.</summary>
    private void WithdrawSession()
    {
        lock (_gate)
        {
            _session = null;
            if (State == WorkerState.Running)
            {
                State = WorkerState.Restarting;
            }
            if (_ready.Task.IsCompleted)
            {
                _ready = new TaskCompletionSource<WorkerSession>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private async Task<WorkerSession> ConnectAsync(WorkerChannel channel, WorkerProcess process, Task exited, CancellationToken stoppingToken)
    {
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        startup.CancelAfter(options.Value.WorkerStartTimeout);
        var connected = await Task.WhenAny(channel.Connected, exited).WaitAsync(startup.Token);
        if (connected != channel.Connected)
        {
            throw new WorkerUnavailableException($"The worker exited with code {process.ExitCode} before connecting.");
        }

        var init = await channel.InitializeAsync(new WorkerInitRequest
        {
            HostVersion = "4.0.0-devhost",
            WorkerDirectory = app.Directory,
            FunctionAppDirectory = app.Directory,
        }, startup.Token);
        EnsureSuccess(init.WorkerInitResponse.Result, "initialise");
        var httpUri = init.WorkerInitResponse.Capabilities.TryGetValue("HttpUri", out var uri) ? new Uri(uri) : null;

        var metadata = await channel.GetMetadataAsync(
            new FunctionsMetadataRequest { FunctionAppDirectory = app.Directory }, startup.Token);
        EnsureSuccess(metadata.FunctionMetadataResponse.Result, "index functions");
        var functions = metadata.FunctionMetadataResponse.FunctionMetadataResults.Select(FunctionDescriptor.From).ToList();

        // One request per function: this worker ignores FunctionLoadRequestCollection.
        var loads = await Task.WhenAll(functions.Select(function => channel.LoadAsync(
            new FunctionLoadRequest { FunctionId = function.Id, Metadata = function.Metadata }, startup.Token)));
        foreach (var load in loads)
        {
            EnsureSuccess(load.FunctionLoadResponse.Result, "load " + load.FunctionLoadResponse.FunctionId);
        }

        if (httpUri is not null)
        {
            await WaitUntilListeningAsync(httpUri, startup.Token);
        }

        var catalog = new FunctionCatalog(functions, new HttpRouteTable(functions, app.RoutePrefix, constraintResolver));
        return new WorkerSession(channel, catalog, httpUri, process.Id, time.GetUtcNow());
    }

    /// <summary>The worker reports its HttpUri before its web server accepts connections; requests wait for the latter.</summary>
    private async Task WaitUntilListeningAsync(Uri httpUri, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(httpUri.Host, httpUri.Port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken);
            }
        }
    }

    private static void EnsureSuccess(StatusResult? result, string step)
    {
        if (result is { Status: not StatusResult.Types.Status.Success })
        {
            throw new InvalidOperationException($"The worker could not {step}: {result.Exception?.Message ?? result.Result}");
        }
    }

    private async Task WaitForServerStartAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(stoppingToken);
    }

    private void LogFunctions(WorkerSession session, TimeSpan elapsed)
    {
        _logger.LogInformation(
            "Worker {ProcessId} ready with {Count} functions in {ElapsedMs} ms",
            session.ProcessId, session.Catalog.Functions.Count, (long)elapsed.TotalMilliseconds);
        foreach (var route in session.Catalog.Routes.Routes)
        {
            var methods = route.Function.Http!.Methods.Count == 0 ? "ANY" : string.Join(',', route.Function.Http.Methods);
            _logger.LogInformation("  {Function}: [{Methods}] /{Template} ({AuthLevel})",
                route.Function.Name, methods, route.Template, route.Function.Http.AuthLevel);
        }
        foreach (var function in session.Catalog.Functions.Where(function => function.Http is null))
        {
            var trigger = function.Blob is not null ? "blobTrigger " + function.Blob.Path.Text
                : function.Timer is not null ? "timerTrigger " + function.Timer.Schedule
                : function.Queue is not null ? "queueTrigger " + function.Queue.QueueName
                : "(no trigger the DevHost runs)";
            _logger.LogInformation("  {Function}: {Trigger}", function.Name, trigger);
        }
    }
}
