using System.Net.Sockets;
using Azure;

namespace BudapestPost.Functions.Storage;

/// <summary>
/// Failures that mean "storage could not be reached or is overloaded", for which a client should
/// retry later (503) rather than see a 500: transport errors (status 0), server-side 5xx, throttling
/// (429) and timeouts (408); the <see cref="AggregateException"/> the SDK throws once its own retries
/// are spent; socket and HTTP errors however deeply wrapped; and SDK timeouts that were not the
/// caller's cancellation.
/// </summary>
public static class StorageOutage
{
    public static bool IsOutage(Exception exception, CancellationToken callerToken) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or 408 or 429 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.Any(inner => IsOutage(inner, callerToken)),
        HttpRequestException or SocketException or TimeoutException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested,
        _ => exception.InnerException is { } inner && IsOutage(inner, callerToken),
    };
}
