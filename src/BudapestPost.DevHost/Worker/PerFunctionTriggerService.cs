namespace BudapestPost.DevHost.Worker;

/// <summary>
/// A trigger the DevHost drives itself (timer, queue): once the first worker is ready, one loop per function that
/// has the trigger, for as long as the DevHost runs; invocations wait for whichever worker is ready then.
/// </summary>
public abstract class PerFunctionTriggerService(WorkerSupervisor supervisor) : BackgroundService
{
    protected abstract bool Handles(FunctionDescriptor function);

    protected abstract Task RunAsync(FunctionDescriptor function, CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var session = await supervisor.WaitForSessionAsync(stoppingToken);
            await Task.WhenAll(session.Catalog.Functions.Where(Handles).Select(function => RunAsync(function, stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
