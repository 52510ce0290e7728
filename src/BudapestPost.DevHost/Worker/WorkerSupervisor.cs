using System.Diagnostics;
using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Http;
using BudapestPost.DevHost.Rpc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Worker;

/// <summary>
/// Owns the worker processes: starts one, completes the handshake and loads its functions, and keeps a second
/// one ready on standby, so a worker that dies is replaced by a swap rather than a cold start (the replacement
/// backs off when workers keep failing). On shutdown it asks the active worker to terminate before killing both.
/// It never leaves a worker running after the DevHost has gone, short of the DevHost being killed outright.
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
    private static readonly TimeSpan StandbyDelay = TimeSpan.FromSeconds(3);

    private readonly ILogger _logger = loggerFactory.CreateLogger<WorkerSupervisor>();
    private readonly object _gate = new();
    private TaskCompletionSource<WorkerSession> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<WorkerProcess, byte> _processes = new();
    private volatile StartedWorker? _active;
    private volatile StartedWorker? _standby;
    private TaskCompletionSource? _standbyNeeded;
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

    /// <summary>The process of the worker standing by to take over, once it is ready.</summary>
    public int? StandbyProcessId => _standby?.Process.Id;

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
        if (_active is { Process.HasExited: false } active)
        {
            _logger.LogInformation("Stopping worker {ProcessId}", active.Process.Id);
            try
            {
                active.Session.Channel.Terminate(options.Value.WorkerTerminateGrace);
                await active.Process.Exited.WaitAsync(options.Value.WorkerTerminateGrace, time);
            }
            catch (Exception exception) when (exception is TimeoutException or WorkerUnavailableException)
            {
                _logger.LogWarning("Worker {ProcessId} did not exit in time; killing it", active.Process.Id);
            }
        }
        KillWorker();
    }

    /// <summary>Last-resort cleanup for exit paths that skip the host's orderly shutdown: kills every worker, standby included.</summary>
    public void KillWorker()
    {
        foreach (var process in _processes.Keys)
        {
            process.Kill();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WaitForServerStartAsync(stoppingToken);
        var consecutiveFailures = 0;
        var standby = Task.FromResult<StartedWorker?>(null);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var started = time.GetTimestamp();
                var worker = await PromoteAsync(standby) ?? await StartWorkerAsync("Worker", stoppingToken);
                if (worker is not null)
                {
                    Activate(worker);
                    // A spare worker gets ready meanwhile, so a crash is followed by a swap instead of a cold start.
                    standby = StartStandbyAsync(stoppingToken);
                    await RetireWhenGoneAsync(worker);
                }
                if (stoppingToken.IsCancellationRequested || State == WorkerState.Stopped)
                {
                    break;
                }

                // A worker that ran for a while and then died is replaced at once (by the standby when it is ready);
                // one that keeps failing waits RestartDelay, doubling, so a broken build does not spin.
                consecutiveFailures = time.GetElapsedTime(started) > TimeSpan.FromMinutes(1) ? 1 : consecutiveFailures + 1;
                var delay = consecutiveFailures == 1 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(
                    options.Value.RestartDelay.Ticks * (1L << Math.Min(consecutiveFailures - 2, 16)),
                    options.Value.MaxRestartDelay.Ticks));
                State = WorkerState.Restarting;
                Restarts++;
                _logger.LogWarning("Replacing the worker in {DelayMs} ms", (long)delay.TotalMilliseconds);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            (await standby)?.Dispose();
        }
    }

    private async Task<StartedWorker?> StartStandbyAsync(CancellationToken stoppingToken)
    {
        // Not at once, unless it is needed already: a worker starting up would take CPU from the first requests
        // of the one just activated.
        var needed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _standbyNeeded = needed;
        try
        {
            await Task.WhenAny(Task.Delay(StandbyDelay, time, stoppingToken), needed.Task);
            stoppingToken.ThrowIfCancellationRequested();
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        var worker = await StartWorkerAsync("Standby worker", stoppingToken);
        _standby = worker;
        return worker;
    }

    /// <summary>The standby, once ready, if it is still alive; null when there is none to take over.</summary>
    private async Task<StartedWorker?> PromoteAsync(Task<StartedWorker?> standby)
    {
        _standbyNeeded?.TrySetResult();
        var worker = await standby;
        _standby = null;
        if (worker is null)
        {
            return null;
        }
        if (!worker.Ended.IsCompleted)
        {
            return worker;
        }
        worker.Dispose();
        return null;
    }

    /// <summary>Starts a worker process and completes its handshake; null (logged) when it does not come up.</summary>
    private async Task<StartedWorker?> StartWorkerAsync(string label, CancellationToken stoppingToken)
    {
        var clock = Stopwatch.StartNew();
        var channel = new WorkerChannel(Guid.NewGuid().ToString(), logs);
        registry.Add(channel);
        var process = WorkerProcess.Start(app, rpcEndpoint.Uri, channel.WorkerId, loggerFactory.CreateLogger("Worker.Console"));
        _processes[process] = 0;
        _logger.LogInformation("Started {Label} {ProcessId}: {Executable} {WorkerPath}", label, process.Id, app.Executable, app.WorkerPath);
        void Retire()
        {
            channel.Close();
            registry.Remove(channel);
            process.Kill();
            _processes.TryRemove(process, out _);
            process.Dispose();
        }
        try
        {
            var session = await ConnectAsync(channel, process, process.Exited.WaitAsync(stoppingToken), stoppingToken);
            _logger.LogInformation("{Label} {ProcessId} ready with {Count} functions in {ElapsedMs} ms",
                label, process.Id, session.Catalog.Functions.Count, (long)clock.Elapsed.TotalMilliseconds);
            return new StartedWorker(process, session, Retire);
        }
        catch (Exception exception)
        {
            Retire();
            if (stoppingToken.IsCancellationRequested || State == WorkerState.Stopped)
            {
                return null;
            }
            _logger.LogError(exception, "{Label} {ProcessId} failed to start", label, process.Id);
            return null;
        }
    }

    private void Activate(StartedWorker worker)
    {
        var first = LastCatalog is null;
        lock (_gate)
        {
            _active = worker;
            _session = worker.Session;
            LastCatalog = worker.Session.Catalog;
            State = WorkerState.Running;
            _ready.TrySetResult(worker.Session);
        }
        if (first)
        {
            LogFunctions(worker.Session);
        }
        else
        {
            _logger.LogInformation("Worker {ProcessId} now serves", worker.Process.Id);
        }
    }

    private async Task RetireWhenGoneAsync(StartedWorker worker)
    {
        await worker.Ended;
        WithdrawSession();
        // The stream drops the moment the worker dies; its watchdog notices within a second, which is not waited for.
        await Task.WhenAny(worker.Process.Exited, Task.Delay(TimeSpan.FromMilliseconds(100), time, CancellationToken.None));
        var level = State == WorkerState.Stopped ? LogLevel.Information : LogLevel.Warning;
        if (worker.Process.HasExited)
        {
            _logger.Log(level, "Worker {ProcessId} exited with code {ExitCode}", worker.Process.Id, worker.Process.ExitCode);
        }
        else
        {
            _logger.Log(level, "Worker {ProcessId} closed its stream; stopping it", worker.Process.Id);
        }
        worker.Dispose();
        _active = null;
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

        // Disabled functions stay loaded in the worker but leave the catalog, so nothing triggers or routes to them.
        functions = functions.Where(function => !app.IsDisabled(function.Name)).ToList();
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

    private void LogFunctions(WorkerSession session)
    {
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
    /// <summary>A worker process that completed the handshake and loaded its functions, active or standing by.</summary>
    private sealed class StartedWorker(WorkerProcess process, WorkerSession session, Action retire) : IDisposable
    {
        public WorkerProcess Process { get; } = process;
        public WorkerSession Session { get; } = session;

        /// <summary>Completes when the worker's stream drops or its process exits.</summary>
        public Task Ended { get; } = Task.WhenAny(process.Exited, session.Channel.Disconnected);

        /// <summary>Closes the stream and kills the process tree.</summary>
        public void Dispose() => retire();
    }
}

/// <summary>Where the supervisor is with its worker, as <c>/admin/host/status</c> reports it.</summary>
public enum WorkerState
{
    Starting,
    Running,
    Restarting,
    Stopped,
}

/// <summary>A worker that completed the handshake and loaded its functions: what requests are sent to.</summary>
public sealed record WorkerSession(
    WorkerChannel Channel,
    FunctionCatalog Catalog,
    Uri? HttpUri,
    int ProcessId,
    DateTimeOffset ReadyAt);

/// <summary>The functions the worker indexed, with their HTTP routes.</summary>
public sealed record FunctionCatalog(IReadOnlyList<FunctionDescriptor> Functions, HttpRouteTable Routes)
{
    public FunctionDescriptor? Find(string name) =>
        Functions.FirstOrDefault(function => string.Equals(function.Name, name, StringComparison.OrdinalIgnoreCase));
}
