using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BudapestPost.Infra.Tests.Arm;

/// <summary>
/// A template (the root one or a module's nested one) together with the parameter values its parent
/// deployment passes in, so that <c>[parameters('x')]</c> and <c>[variables('x')]</c> can be followed
/// to the values written in main.bicep. Anything only known at deployment stays an expression.
/// </summary>
public sealed partial class ArmScope(JsonObject template, JsonObject? passedParameters, ArmScope? parent, string deploymentName)
{
    public JsonObject Template { get; } = template;

    public string DeploymentName { get; } = deploymentName;

    public ArmScope? Parent { get; } = parent;

    /// <summary>The deployment resource that holds this template, for a module.</summary>
    public JsonObject? PassedParameters { get; } = passedParameters;

    /// <summary>Resources declared directly in this template (array form or symbolic-name form).</summary>
    public IEnumerable<ArmResource> Resources => Template["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>().Select(json => new ArmResource(json, this)),
        JsonObject map => map.Select(pair => pair.Value).OfType<JsonObject>().Select(json => new ArmResource(json, this)),
        _ => [],
    };

    public JsonNode? Resolve(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                return new JsonObject(obj.Select(pair => KeyValuePair.Create(pair.Key, Resolve(pair.Value))));
            case JsonArray array:
                return new JsonArray(array.Select(Resolve).ToArray());
        }

        if (node.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return node.DeepClone();
        }
        var reference = WholeReference().Match(node.GetValue<string>());
        if (!reference.Success)
        {
            return node.DeepClone();
        }

        var name = reference.Groups["name"].Value;
        var value = reference.Groups["kind"].Value == "variables" ? Variable(name) : Parameter(name);
        if (value is null)
        {
            return node.DeepClone();
        }
        foreach (var segment in reference.Groups["path"].Value.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            value = value?[segment];
        }
        return value?.DeepClone() ?? node.DeepClone();
    }

    /// <summary>
    /// Replaces each parameter or variable reference inside an expression by its value where that value
    /// is a plain string, e.g. <c>variables('roleId')</c> becomes <c>'b7e6…'</c>.
    /// </summary>
    public string Expand(string expression) => InnerReference().Replace(expression, match =>
    {
        var value = Resolve(JsonValue.Create($"[{match.Value}]"));
        return value is JsonValue literal
            && literal.GetValueKind() == System.Text.Json.JsonValueKind.String
            && literal.GetValue<string>() is var text
            && !text.StartsWith('[')
            ? $"'{text.Replace("'", "''")}'"
            : match.Value;
    });

    private JsonNode? Variable(string name) => Resolve(Template["variables"]?[name]);

    private JsonNode? Parameter(string name)
    {
        var passed = PassedParameters?[name];
        if (passed is JsonObject { } wrapper && wrapper.ContainsKey("value"))
        {
            return Parent!.Resolve(wrapper["value"]);
        }
        if (passed is not null)
        {
            // Passed as a whole expression (e.g. a conditional); only known at deployment.
            return passed.DeepClone();
        }
        var declaration = Template["parameters"]?[name] as JsonObject;
        return declaration is not null && declaration.ContainsKey("defaultValue")
            ? Resolve(declaration["defaultValue"])
            : null;
    }

    [GeneratedRegex(@"^\[(?<kind>parameters|variables)\('(?<name>[^']+)'\)(?<path>(\.[A-Za-z0-9_]+)*)\]$")]
    private static partial Regex WholeReference();

    [GeneratedRegex(@"(parameters|variables)\('[^']+'\)(\.[A-Za-z0-9_]+)*")]
    private static partial Regex InnerReference();
}
