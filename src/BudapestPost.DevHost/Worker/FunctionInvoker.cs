using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Queues;
using BudapestPost.DevHost.Rpc;
using Microsoft.Extensions.Options;

namespace BudapestPost.DevHost.Worker;

/// <summary>
/// Runs one invocation of a non-HTTP trigger: waits for a ready worker, gives up after <c>DevHost:FunctionTimeout</c>,
/// and on success writes the function's output bindings (a failed write fails the invocation, as in the host).
/// </summary>
public sealed class FunctionInvoker(
    WorkerSupervisor supervisor,
    QueueOutputWriter queueOutputs,
    IOptions<DevHostOptions> options,
    ILogger<FunctionInvoker> logger)
{
    /// <summary>The worker's answer, or null when the worker went away under the invocation (not the function's fault).</summary>
    public async Task<InvocationResponse?> InvokeAsync(FunctionDescriptor function, InvocationRequest request, CancellationToken stoppingToken)
    {
        var session = await supervisor.WaitForSessionAsync(stoppingToken);
        InvocationResponse response;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(options.Value.FunctionTimeout);
            response = await session.Channel.InvokeAsync(request, function.Name, timeout.Token);
        }
        catch (WorkerUnavailableException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return Failure($"timed out after {options.Value.FunctionTimeout}");
        }
        return await CompleteAsync(function, response, stoppingToken);
    }

    /// <summary>Writes the outputs of a finished invocation; the response turns into a failure if they cannot be written.</summary>
    public async Task<InvocationResponse> CompleteAsync(FunctionDescriptor function, InvocationResponse response, CancellationToken cancellationToken)
    {
        if (!IsSuccess(response) || function.QueueOutputs.Count == 0)
        {
            return response;
        }
        try
        {
            await queueOutputs.WriteAsync(function, response, cancellationToken);
            return response;
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or AggregateException or HttpRequestException
            or InvalidOperationException or System.Text.Json.JsonException)
        {
            logger.LogError("{Function} ({InvocationId}) succeeded but its queue outputs could not be written: {Error}",
                function.Name, response.InvocationId, exception.Message);
            return Failure("output bindings failed: " + exception.Message);
        }
    }

    public static bool IsSuccess(InvocationResponse response) => response.Result?.Status == StatusResult.Types.Status.Success;

    /// <summary>What went wrong, for logs and poison records.</summary>
    public static string? Error(InvocationResponse response) => response.Result?.Exception?.Message ?? response.Result?.Result;

    private static InvocationResponse Failure(string reason) =>
        new() { Result = new StatusResult { Status = StatusResult.Types.Status.Failure, Result = reason } };
}
