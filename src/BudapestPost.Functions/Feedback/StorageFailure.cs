using Azure;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Failures that mean "storage could not be reached or is overloaded", for which a client should
/// retry later (503) rather than see a 500: transport errors (status 0, after the SDK's own retries),
/// server-side 5xx, throttling (429), timeouts (408) and SDK timeouts that were not the caller's cancellation.
/// </summary>
public static class StorageFailure
{
    public static bool IsTransient(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
