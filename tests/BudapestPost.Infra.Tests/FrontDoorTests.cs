using BudapestPost.Infra.Tests.Arm;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class FrontDoorTests(CompiledTemplateFixture compiled)
{
    [Fact]
    public void FrontDoor_IsDeployedOnlyWhenEnabled()
    {
        var enabled = compiled.Template.Root.Template["parameters"]!["frontDoorEnabled"]!;

        Assert.Equal("[parameters('frontDoorEnabled')]", (string?)compiled.Template.Module("front-door").Property("condition"));
        Assert.False((bool)enabled["defaultValue"]!);
    }

    [Fact]
    public void Profile_IsFrontDoorStandard_WithTheFunctionAppAsOrigin()
    {
        var profile = compiled.Template.Single("Microsoft.Cdn/profiles");
        var origin = compiled.Template.Single("Microsoft.Cdn/profiles/originGroups/origins");
        var module = compiled.Template.Module("front-door");

        Assert.Equal("Standard_AzureFrontDoor", (string?)profile.Property("sku.name"));
        Assert.Equal("[parameters('originHostName')]", (string?)origin.Property("properties.hostName"));
        Assert.Equal("[parameters('originHostName')]", (string?)origin.Property("properties.originHostHeader"));
        Assert.Contains("'function-app'", JsonText.Of(module.Property("properties.parameters.originHostName")));
        Assert.Contains("defaultHostName", JsonText.Of(module.Property("properties.parameters.originHostName")));
    }

    [Fact]
    public void Route_CachesTheApiByQueryString_OverHttpsOnly()
    {
        var route = compiled.Template.Single("Microsoft.Cdn/profiles/afdEndpoints/routes");

        Assert.Equal("UseQueryString", (string?)route.Property("properties.cacheConfiguration.queryStringCachingBehavior"));
        Assert.Equal(["/api/*"], route.Property("properties.patternsToMatch")!.AsArray().Select(p => (string)p!));
        Assert.Equal("HttpsOnly", (string?)route.Property("properties.forwardingProtocol"));
        Assert.Equal("Enabled", (string?)route.Property("properties.httpsRedirect"));
    }

    [Fact]
    public void HealthProbe_UsesTheHealthEndpoint()
    {
        var group = compiled.Template.Single("Microsoft.Cdn/profiles/originGroups");

        Assert.Equal("/api/health", (string?)group.Property("properties.healthProbeSettings.probePath"));
    }
}
