namespace BudapestPost.DevHost.Worker;

/// <summary>The worker is not connected (starting, restarting or gone), so a request to it cannot be answered.</summary>
public sealed class WorkerUnavailableException(string message) : Exception(message);
