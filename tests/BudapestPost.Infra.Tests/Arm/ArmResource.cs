using System.Text.Json.Nodes;

namespace BudapestPost.Infra.Tests.Arm;

/// <summary>One resource of a compiled template, with the (nested) template it is declared in.</summary>
public sealed record ArmResource(JsonObject Json, ArmScope Scope)
{
    public string Type => (string)Json["type"]!;

    public bool IsExisting => Json["existing"]?.GetValue<bool>() ?? false;

    public JsonNode? Property(string path)
    {
        JsonNode? node = Json;
        foreach (var segment in path.Split('.'))
        {
            node = node?[segment];
        }
        return node;
    }

    /// <summary>A property with parameter and variable references followed as far as they go.</summary>
    public JsonNode? Resolved(string path) => Scope.Resolve(Property(path));

    public string ResolvedString(string path) =>
        Resolved(path)?.GetValue<string>() ?? throw new InvalidOperationException($"{Type} has no {path}.");
}
