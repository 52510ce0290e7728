using BudapestPost.DevHost.Rpc;

namespace BudapestPost.DevHost.Worker;

/// <summary>
/// Writes the worker's RpcLog messages to the DevHost's console: user logs under "Function.&lt;Name&gt;" with
/// the invocation id, the worker's own under "Worker" (its system logs under "Worker.System").
/// </summary>
public sealed class WorkerLogForwarder(ILoggerFactory loggerFactory)
{
    private readonly ILogger _worker = loggerFactory.CreateLogger("Worker");
    private readonly ILogger _system = loggerFactory.CreateLogger("Worker.System");

    public void Write(RpcLog log, string? functionName)
    {
        var level = log.Level == RpcLog.Types.Level.None ? LogLevel.None : (LogLevel)(int)log.Level;
        var exception = log.Exception is { } rpc ? $"{Environment.NewLine}{rpc.Type}: {rpc.Message}{Environment.NewLine}{rpc.StackTrace}" : "";
        if (functionName is not null)
        {
            // Framework chatter ("Executing OkObjectResult...") gets its own category so it can be filtered apart.
            var framework = log.Category.StartsWith("Microsoft.", StringComparison.Ordinal) ? ".Framework" : "";
            loggerFactory.CreateLogger($"Function.{functionName}{framework}")
                .Log(level, "{InvocationId}: {Message}{Exception}", log.InvocationId, log.Message, exception);
        }
        else
        {
            var logger = log.LogCategory == RpcLog.Types.RpcLogCategory.System ? _system : _worker;
            logger.Log(level, "{Category}: {Message}{Exception}", log.Category, log.Message, exception);
        }
    }
}
