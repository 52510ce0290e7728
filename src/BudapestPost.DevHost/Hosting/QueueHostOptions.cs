using System.Globalization;
using System.Text.Json.Nodes;

namespace BudapestPost.DevHost.Hosting;

/// <summary>
/// host.json <c>extensions.queues</c> as the queue trigger reads it. Defaults are the real host's, except the longest
/// wait between polls of an empty queue: 2 s here instead of a minute, so local runs feel immediate.
/// </summary>
public sealed record QueueHostOptions(
    int BatchSize, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval, bool Base64Encoding)
{
    public static QueueHostOptions From(JsonNode? queues) => new(
        (int?)queues?["batchSize"] ?? 16,
        (int?)queues?["maxDequeueCount"] ?? 5,
        Duration(queues?["visibilityTimeout"], TimeSpan.Zero),
        Duration(queues?["maxPollingInterval"], TimeSpan.FromSeconds(2)),
        !string.Equals((string?)queues?["messageEncoding"], "none", StringComparison.OrdinalIgnoreCase));

    private static TimeSpan Duration(JsonNode? value, TimeSpan fallback) =>
        value is null ? fallback : TimeSpan.Parse((string)value!, CultureInfo.InvariantCulture);
}
