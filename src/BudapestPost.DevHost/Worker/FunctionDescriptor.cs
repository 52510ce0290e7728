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

/// <summary>An HTTP trigger: the route template below the route prefix, allowed methods (empty = any) and auth level.</summary>
public sealed record HttpTriggerBinding(string Name, string Route, IReadOnlyList<string> Methods, AuthLevel AuthLevel);

/// <summary>The authLevel of an HTTP trigger; System and User are treated as Admin here.</summary>
public enum AuthLevel
{
    Anonymous,
    User,
    Function,
    System,
    Admin,
}

/// <summary>A blob trigger: parameter name, the path it watches and the name of its connection setting.</summary>
public sealed record BlobTriggerBinding(string Name, BlobPathPattern Path, string Connection);

/// <summary>A timer trigger: parameter name, schedule (NCRONTAB or TimeSpan, may name a <c>%Setting%</c>) and its flags.</summary>
public sealed record TimerTriggerBinding(string Name, string Schedule, bool RunOnStartup, bool UseMonitor);

/// <summary>
/// A queue trigger: parameter name, queue (may name a <c>%Setting%</c>), connection setting name, and whether the
/// parameter takes the message itself (QueueMessage, BinaryData) rather than its text.
/// </summary>
public sealed record QueueTriggerBinding(string Name, string QueueName, string Connection, bool SupportsDeferredBinding);

/// <summary>A queue output binding: the output's name (<c>$return</c> for the return value), queue and connection setting name.</summary>
public sealed record QueueOutputBinding(string Name, string QueueName, string Connection);
