using System.Text.Json.Nodes;
using BudapestPost.DevHost.Rpc;

namespace BudapestPost.DevHost.Worker;

/// <summary>One function as the worker indexed it, with the trigger and output details the DevHost acts on.</summary>
public sealed record FunctionDescriptor(
    string Name,
    string Id,
    RpcFunctionMetadata Metadata,
    HttpTriggerBinding? Http,
    BlobTriggerBinding? Blob,
    TimerTriggerBinding? Timer = null,
    QueueTriggerBinding? Queue = null)
{
    private const string DefaultConnection = "AzureWebJobsStorage";

    /// <summary>Queue output bindings: what the host enqueues from the invocation's outputs or return value.</summary>
    public IReadOnlyList<QueueOutputBinding> QueueOutputs { get; init; } = [];

    public static FunctionDescriptor From(RpcFunctionMetadata metadata)
    {
        var function = new FunctionDescriptor(metadata.Name, metadata.FunctionId, metadata, null, null);
        var outputs = new List<QueueOutputBinding>();
        foreach (var raw in metadata.RawBindings)
        {
            if (JsonNode.Parse(raw) is not JsonObject binding)
            {
                continue;
            }
            var name = Text(binding, "name") ?? "";
            function = Text(binding, "type")?.ToLowerInvariant() switch
            {
                "httptrigger" => function with { Http = HttpBinding(binding, name, metadata.Name) },
                "blobtrigger" => function with
                {
                    Blob = new BlobTriggerBinding(name, BlobPathPattern.Parse(Text(binding, "path") ?? ""), Connection(binding)),
                },
                "timertrigger" => function with
                {
                    Timer = new TimerTriggerBinding(name, Text(binding, "schedule") ?? "",
                        Flag(binding, "runOnStartup") ?? false, Flag(binding, "useMonitor") ?? true),
                },
                "queuetrigger" => function with
                {
                    Queue = new QueueTriggerBinding(name, Text(binding, "queueName") ?? "", Connection(binding),
                        string.Equals((string?)binding["properties"]?["supportsDeferredBinding"], "true", StringComparison.OrdinalIgnoreCase)),
                },
                _ => function,
            };
            if (string.Equals(Text(binding, "type"), "queue", StringComparison.OrdinalIgnoreCase) &&
                string.Equals(Text(binding, "direction"), "out", StringComparison.OrdinalIgnoreCase))
            {
                outputs.Add(new QueueOutputBinding(name, Text(binding, "queueName") ?? "", Connection(binding)));
            }
        }
        return function with { QueueOutputs = outputs };
    }

    private static HttpTriggerBinding HttpBinding(JsonObject binding, string name, string functionName)
    {
        var methods = binding["methods"] is JsonArray array
            ? array.Select(m => m?.ToString().ToUpperInvariant() ?? "").Where(m => m.Length > 0).ToArray()
            : [];
        return new HttpTriggerBinding(name, Text(binding, "route") ?? functionName, methods, ParseAuthLevel(Text(binding, "authLevel")));
    }

    private static string Connection(JsonObject binding) =>
        Text(binding, "connection") is { Length: > 0 } connection ? connection : DefaultConnection;

    private static bool? Flag(JsonObject binding, string property) =>
        Text(binding, property) is { } value && bool.TryParse(value, out var flag) ? flag : null;

    private static string? Text(JsonObject binding, string property)
    {
        foreach (var (key, value) in binding)
        {
            if (string.Equals(key, property, StringComparison.OrdinalIgnoreCase))
            {
                return value?.ToString();
            }
        }
        return null;
    }

    private static AuthLevel ParseAuthLevel(string? value) =>
        Enum.TryParse<AuthLevel>(value, ignoreCase: true, out var level) ? level : AuthLevel.Function;
}
