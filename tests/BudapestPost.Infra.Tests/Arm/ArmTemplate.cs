using System.Text.Json.Nodes;

namespace BudapestPost.Infra.Tests.Arm;

/// <summary>A compiled main.bicep: the root template and every module template nested in it.</summary>
public sealed class ArmTemplate
{
    public ArmTemplate(string json)
    {
        Text = json;
        Root = new ArmScope(JsonNode.Parse(json)!.AsObject(), null, null, "main");
        Scopes = Walk(Root).ToList();
    }

    /// <summary>The compiled JSON as text.</summary>
    public string Text { get; }

    public ArmScope Root { get; }

    public IReadOnlyList<ArmScope> Scopes { get; }

    /// <summary>Resources declared in any template, existing references excluded.</summary>
    public IEnumerable<ArmResource> Resources => Scopes.SelectMany(scope => scope.Resources).Where(r => !r.IsExisting);

    public IEnumerable<ArmResource> OfType(string type) =>
        Resources.Where(resource => string.Equals(resource.Type, type, StringComparison.OrdinalIgnoreCase));

    public ArmResource Single(string type) => Assert.Single(OfType(type));

    /// <summary>The module deployment of the given name, as seen from main.bicep.</summary>
    public ArmResource Module(string name) =>
        Root.Resources.Single(r => r.Type == "Microsoft.Resources/deployments" && (string?)r.Json["name"] == name);

    public ArmScope ModuleScope(string name) => Scopes.Single(scope => scope.DeploymentName == name);

    private static IEnumerable<ArmScope> Walk(ArmScope scope)
    {
        yield return scope;
        foreach (var deployment in scope.Resources.Where(r => r.Type == "Microsoft.Resources/deployments"))
        {
            var properties = deployment.Json["properties"]!.AsObject();
            var nested = new ArmScope(
                properties["template"]!.AsObject(),
                properties["parameters"] as JsonObject ?? [],
                scope,
                (string)deployment.Json["name"]!);
            foreach (var inner in Walk(nested))
            {
                yield return inner;
            }
        }
    }
}
