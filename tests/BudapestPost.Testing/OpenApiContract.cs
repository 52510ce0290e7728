using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace BudapestPost.Testing;

/// <summary>
/// The app's OpenAPI document as a contract: the JSON Schema of each response it declares, checked
/// against real bodies with JsonSchema.Net (OpenAPI 3.1 schemas are JSON Schema 2020-12).
/// </summary>
public sealed class OpenApiContract(string documentJson)
{
    private const string ComponentSchemas = "#/components/schemas/";

    private readonly JsonObject _document = JsonNode.Parse(documentJson)!.AsObject();

    /// <summary>The document in the repository, as the build embeds it.</summary>
    public static string RepositoryDocumentPath { get; } =
        Path.Combine(RepositoryRoot.Path, "src", "BudapestPost.Functions", "OpenApi", "openapi.json");

    public JsonObject Document => _document;

    /// <summary>The schema the document declares for a response body; fails the test when there is none.</summary>
    public JsonNode ResponseSchema(string path, string method, int status, string mediaType)
    {
        var response = _document["paths"]?[path]?[method]?["responses"]?[status.ToString(CultureInfo.InvariantCulture)]
            ?? throw new Xunit.Sdk.XunitException($"The document has no {status} response for {method.ToUpperInvariant()} {path}.");
        if (response["$ref"] is JsonValue reference)
        {
            response = Follow((string)reference!);
        }
        return response["content"]?[mediaType]?["schema"]
            ?? throw new Xunit.Sdk.XunitException($"The {status} response of {method.ToUpperInvariant()} {path} declares no {mediaType} body.");
    }

    /// <summary>Why <paramref name="body"/> does not match <paramref name="schema"/>; empty when it does.</summary>
    public IReadOnlyList<string> Violations(JsonNode schema, string body)
    {
        var root = schema.DeepClone() as JsonObject ?? new JsonObject { ["allOf"] = new JsonArray(schema.DeepClone()) };
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = _document["components"]!["schemas"]!.DeepClone();
        var text = root.ToJsonString().Replace(ComponentSchemas, "#/$defs/", StringComparison.Ordinal);

        // Each build gets its own base URI: the schema registry would refuse a second schema under one.
        var built = JsonSchema.FromText(text, baseUri: new Uri($"https://budapest-post.test/contract/{Guid.NewGuid():N}"));
        using var instance = JsonDocument.Parse(body);
        var results = built.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : (results.Details ?? []).Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
                .DefaultIfEmpty("invalid")
                .ToList();
    }

    private JsonNode Follow(string reference)
    {
        var node = (JsonNode?)_document;
        foreach (var segment in reference.TrimStart('#', '/').Split('/'))
        {
            node = node?[segment];
        }
        return node ?? throw new Xunit.Sdk.XunitException($"{reference} does not resolve in the document.");
    }
}
