using BudapestPost.DevHost.Rpc;

namespace BudapestPost.DevHost.Worker;

/// <summary>
/// Writes the worker's RpcLog messages to the DevHost's console: logs of an invocation under
/// "Function.&lt;Name&gt;" with the invocation id (framework and SDK chatter under "Function.&lt;Name&gt;.Framework"),
/// others under "Worker.&lt;worker category&gt;", so appsettings.json can filter them like any category.
/// </summary>
public sealed class WorkerLogForwarder(ILoggerFactory loggerFactory)
{
    private static readonly string[] FrameworkPrefixes = ["Microsoft.", "Azure.", "System."];

    public void Write(RpcLog log, string? functionName)
    {
        var level = log.Level == RpcLog.Types.Level.None ? LogLevel.None : (LogLevel)(int)log.Level;
        var exception = log.Exception is { } rpc ? $"{Environment.NewLine}{rpc.Type}: {rpc.Message}{Environment.NewLine}{rpc.StackTrace}" : "";
        if (functionName is not null)
        {
            var framework = FrameworkPrefixes.Any(prefix => log.Category.StartsWith(prefix, StringComparison.Ordinal)) ? ".Framework" : "";
            loggerFactory.CreateLogger($"Function.{functionName}{framework}")
                .Log(level, "{InvocationId}: {Message}{Exception}", log.InvocationId, log.Message, exception);
        }
        else
        {
            var category = log.LogCategory == RpcLog.Types.RpcLogCategory.System ? "System" : log.Category;
            loggerFactory.CreateLogger("Worker." + category).Log(level, "{Message}{Exception}", log.Message, exception);
        }
    }
}
