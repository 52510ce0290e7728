using System.Text.Json.Nodes;
using BudapestPost.Infra.Tests.Arm;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class TagTests(CompiledTemplateFixture compiled)
{
    private const string UnionWithModuleTags = "[union(parameters('tags'), ";

    /// <summary>Every resource that takes tags (those with a location) — the resource group included.</summary>
    private IEnumerable<ArmResource> Taggable =>
        compiled.Template.Resources.Where(r => r.Json.ContainsKey("location") && r.Type != "Microsoft.Resources/deployments");

    private static JsonObject? BaseTags(ArmResource resource)
    {
        var tags = resource.Property("tags");
        if (tags is JsonValue value && ((string)value!).StartsWith(UnionWithModuleTags, StringComparison.Ordinal))
        {
            tags = JsonValue.Create("[parameters('tags')]");
        }
        return resource.Scope.Resolve(tags) as JsonObject;
    }

    [Fact]
    public void EveryTaggableResource_CarriesTheAzdEnvironmentName()
    {
        var resources = Taggable.ToList();

        Assert.Equal(
            [
                "Microsoft.Cdn/profiles", "Microsoft.Cdn/profiles/afdEndpoints", "Microsoft.CognitiveServices/accounts",
                "Microsoft.Communication/communicationServices", "Microsoft.Communication/emailServices",
                "Microsoft.Communication/emailServices/domains",
                "Microsoft.EventGrid/systemTopics", "Microsoft.Insights/actionGroups", "Microsoft.Insights/components",
                "Microsoft.Insights/metricAlerts", "Microsoft.Insights/metricAlerts", "Microsoft.Insights/scheduledQueryRules",
                "Microsoft.KeyVault/vaults", "Microsoft.ManagedIdentity/userAssignedIdentities",
                "Microsoft.Network/FrontDoorWebApplicationFirewallPolicies", "Microsoft.Network/privateDnsZones", "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
                "Microsoft.Network/privateEndpoints", "Microsoft.Network/virtualNetworks",
                "Microsoft.OperationalInsights/workspaces", "Microsoft.Resources/resourceGroups", "Microsoft.Storage/storageAccounts",
                "Microsoft.Web/serverfarms", "Microsoft.Web/sites",
            ],
            resources.Select(r => r.Type).Order(StringComparer.Ordinal));
        Assert.All(resources, resource =>
            Assert.Equal("[parameters('environmentName')]", (string?)BaseTags(resource)?["azd-env-name"]));
    }

    [Fact]
    public void Site_CarriesTheAzdServiceNameApi()
    {
        var site = compiled.Template.Single("Microsoft.Web/sites");
        var tags = ArmExpression.TryParseCall(site.Scope.Expand((string)site.Property("tags")!));

        Assert.Equal("union", tags?.Function);
        Assert.Equal("createObject('azd-service-name', 'api')", tags!.Arguments[1]);
    }

    [Fact]
    public void AzdServiceName_IsOnlyOnTheSite()
    {
        var tagged = compiled.Template.Resources.Where(r => JsonText.Of(r.Property("tags")).Contains("azd-service-name"));

        Assert.Equal("Microsoft.Web/sites", Assert.Single(tagged).Type);
    }
}
