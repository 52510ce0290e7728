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
        Assert.Equal("[parameters('frontDoorEnabled')]", (string?)compiled.Template.Module("front-door-profile").Property("condition"));
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
    public void Route_CachesTheWholeAppByQueryString_OverHttpsOnly()
    {
        var route = compiled.Template.Single("Microsoft.Cdn/profiles/afdEndpoints/routes");

        Assert.Equal("UseQueryString", (string?)route.Property("properties.cacheConfiguration.queryStringCachingBehavior"));
        // The website at the root and the API under /api/: one app, one route.
        Assert.Equal(["/*"], route.Property("properties.patternsToMatch")!.AsArray().Select(p => (string)p!));
        Assert.Equal("HttpsOnly", (string?)route.Property("properties.forwardingProtocol"));
        Assert.Equal("Enabled", (string?)route.Property("properties.httpsRedirect"));
    }

    [Fact]
    public void FunctionApp_WithFrontDoor_LinksReadersToTheEndpoint()
    {
        var passed = JsonText.Of(compiled.Template.Module("function-app").Property("properties.parameters.publicHostName"));
        var endpointOutput = (string?)compiled.Template.ModuleScope("front-door-profile").Template["outputs"]!["endpointHostName"]!["value"];

        Assert.Contains("parameters('frontDoorEnabled')", passed);
        Assert.Contains("outputs.endpointHostName.value", passed);
        Assert.Contains("afdEndpoints", endpointOutput);
    }

    [Fact]
    public void HealthProbe_UsesTheHealthEndpoint()
    {
        var group = compiled.Template.Single("Microsoft.Cdn/profiles/originGroups");

        Assert.Equal("/api/health", (string?)group.Property("properties.healthProbeSettings.probePath"));
    }

    [Fact]
    public void FunctionApp_IsGivenTheProfilesFrontDoorId_OnlyWhenFrontDoorIsEnabled()
    {
        var passed = JsonText.Of(compiled.Template.Module("function-app").Property("properties.parameters.frontDoorId"));
        var profileOutput = (string?)compiled.Template.ModuleScope("front-door-profile").Template["outputs"]!["frontDoorId"]!["value"];

        Assert.Contains("parameters('frontDoorEnabled')", passed);
        Assert.Contains("'front-door-profile'", passed);
        Assert.Contains("outputs.frontDoorId.value", passed);
        Assert.Equal("[reference(resourceId('Microsoft.Cdn/profiles', parameters('name')), '2025-06-01').frontDoorId]", profileOutput);
    }

    [Fact]
    public void FunctionApp_WithAFrontDoorId_DeniesAllButThatProfileAndEventGrid()
    {
        var app = compiled.Template.ModuleScope("function-app");
        var site = compiled.Template.Single("Microsoft.Web/sites");
        var rules = app.Template["variables"]!["frontDoorOnlyRestrictions"]!.AsArray().Select(rule => rule!.AsObject()).ToList();

        Assert.Equal("[not(empty(parameters('frontDoorId')))]", (string?)app.Template["variables"]!["frontDoorOnly"]);
        Assert.Equal("[if(variables('frontDoorOnly'), variables('frontDoorOnlyRestrictions'), createArray())]",
            (string?)site.Property("properties.siteConfig.ipSecurityRestrictions"));
        Assert.Equal("[if(variables('frontDoorOnly'), 'Deny', 'Allow')]", (string?)site.Property("properties.siteConfig.ipSecurityRestrictionsDefaultAction"));
        Assert.All(rules, rule => Assert.Equal(("Allow", "ServiceTag"), ((string?)rule["action"], (string?)rule["tag"])));
        Assert.Equal(["AzureFrontDoor.Backend", "AzureEventGrid"], rules.Select(rule => (string?)rule["ipAddress"]));
        // The service tag covers every Front Door profile's back ends: only this profile's id gets in.
        Assert.Equal(["[parameters('frontDoorId')]"], rules[0]["headers"]!["x-azure-fdid"]!.AsArray().Select(id => (string?)id));
        Assert.Null(rules[1]["headers"]);
        Assert.False((bool?)site.Property("properties.siteConfig.scmIpSecurityRestrictionsUseMain"));
    }
}
