using BudapestPost.DevHost.Rpc;
using BudapestPost.DevHost.Worker;

namespace BudapestPost.DevHost.Tests;

/// <summary>Builds indexed functions the way the worker reports them: raw binding JSON as the source generator writes it.</summary>
public sealed class FunctionMetadataBuilder(string name)
{
    private readonly List<string> _rawBindings = [];

    public FunctionMetadataBuilder WithHttpTrigger(string? route, string authLevel = "Anonymous", params string[] methods)
    {
        var routeJson = route is null ? "" : $",\"route\":\"{route}\"";
        var methodsJson = string.Join(',', methods.Select(m => $"\"{m}\""));
        _rawBindings.Add($"{{\"name\":\"req\",\"direction\":\"In\",\"type\":\"httpTrigger\",\"authLevel\":\"{authLevel}\",\"methods\":[{methodsJson}]{routeJson},\"properties\":{{}}}}");
        _rawBindings.Add("{\"name\":\"$return\",\"type\":\"http\",\"direction\":\"Out\"}");
        return this;
    }

    public FunctionMetadataBuilder WithBlobTrigger(string path, string? connection = "AzureWebJobsStorage")
    {
        var connectionJson = connection is null ? "" : $",\"connection\":\"{connection}\"";
        _rawBindings.Add($"{{\"name\":\"content\",\"direction\":\"In\",\"type\":\"blobTrigger\",\"path\":\"{path}\"{connectionJson},\"source\":\"EventGrid\",\"properties\":{{\"supportsDeferredBinding\":\"True\"}}}}");
        return this;
    }

    /// <summary>Adds a raw binding as written by the source generator, e.g. a timer trigger or a queue output.</summary>
    public FunctionMetadataBuilder WithBinding(string rawJson)
    {
        _rawBindings.Add(rawJson);
        return this;
    }

    public FunctionDescriptor Build()
    {
        var metadata = new RpcFunctionMetadata { Name = name, FunctionId = name + "-id", EntryPoint = "App." + name };
        metadata.RawBindings.AddRange(_rawBindings);
        return FunctionDescriptor.From(metadata);
    }
}
