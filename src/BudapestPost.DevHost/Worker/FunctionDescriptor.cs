using System.Text.Json.Nodes;
using BudapestPost.DevHost.Rpc;

namespace BudapestPost.DevHost.Worker;

/// <summary>One function as the worker indexed it, with the trigger details the DevHost acts on.</summary>
public sealed record FunctionDescriptor(
    string Name,
    string Id,
    RpcFunctionMetadata Metadata,
    HttpTriggerBinding? Http,
    BlobTriggerBinding? Blob)
{
    public static FunctionDescriptor From(RpcFunctionMetadata metadata)
    {
        HttpTriggerBinding? http = null;
        BlobTriggerBinding? blob = null;
        foreach (var raw in metadata.RawBindings)
        {
            if (JsonNode.Parse(raw) is not JsonObject binding)
            {
                continue;
            }
            var type = Text(binding, "type");
            var name = Text(binding, "name") ?? "";
            if (string.Equals(type, "httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                var methods = binding["methods"] is JsonArray array
                    ? array.Select(m => m?.ToString().ToUpperInvariant() ?? "").Where(m => m.Length > 0).ToArray()
                    : [];
                http = new HttpTriggerBinding(
                    name,
                    Text(binding, "route") ?? metadata.Name,
                    methods,
                    ParseAuthLevel(Text(binding, "authLevel")));
            }
            else if (string.Equals(type, "blobTrigger", StringComparison.OrdinalIgnoreCase))
            {
                blob = new BlobTriggerBinding(
                    name,
                    BlobPathPattern.Parse(Text(binding, "path") ?? ""),
                    Text(binding, "connection") is { Length: > 0 } connection ? connection : "AzureWebJobsStorage");
            }
        }
        return new FunctionDescriptor(metadata.Name, metadata.FunctionId, metadata, http, blob);
    }

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
