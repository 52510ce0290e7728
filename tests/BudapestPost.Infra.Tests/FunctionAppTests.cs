using System.Text.Json.Nodes;
using BudapestPost.Infra.Tests.Arm;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class FunctionAppTests(CompiledTemplateFixture compiled)
{
    private ArmResource Site => compiled.Template.Single("Microsoft.Web/sites");

    [Fact]
    public void Plan_IsFlexConsumptionOnLinux()
    {
        var plan = compiled.Template.Single("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", (string?)plan.Property("sku.name"));
        Assert.Equal("FlexConsumption", (string?)plan.Property("sku.tier"));
        Assert.True(plan.Property("properties.reserved")!.GetValue<bool>());
        Assert.Equal("functionapp,linux", (string?)Site.Property("kind"));
    }

    [Fact]
    public void Runtime_IsDotnetIsolatedTenPointZero()
    {
        Assert.Equal("dotnet-isolated", Site.ResolvedString("properties.functionAppConfig.runtime.name"));
        Assert.Equal("10.0", Site.ResolvedString("properties.functionAppConfig.runtime.version"));
    }

    [Theory]
    [InlineData("runtimeName", "dotnet-isolated")]
    [InlineData("runtimeVersion", "10.0")]
    public void RuntimeParameter_AllowsOnlyTheExactValue(string parameter, string value)
    {
        var allowed = compiled.Template.ModuleScope("function-app").Template["parameters"]![parameter]!["allowedValues"]!.AsArray();

        Assert.Equal([value], allowed.Select(v => (string)v!));
    }

    [Fact]
    public void Site_AcceptsOnlyHttpsWithTls12()
    {
        Assert.True(Site.Property("properties.httpsOnly")!.GetValue<bool>());
        Assert.Equal("1.2", (string?)Site.Property("properties.siteConfig.minTlsVersion"));
        Assert.Equal("1.2", (string?)Site.Property("properties.siteConfig.scmMinTlsVersion"));
        Assert.Equal("Disabled", (string?)Site.Property("properties.siteConfig.ftpsState"));
    }

    [Theory]
    [InlineData("ftp")]
    [InlineData("scm")]
    public void BasicPublishingCredentials_AreOff(string kind)
    {
        var policy = Assert.Single(compiled.Template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
            p => ((string)p.Json["name"]!).EndsWith($"'{kind}')]", StringComparison.Ordinal));

        Assert.False(policy.Property("properties.allow")!.GetValue<bool>());
    }

    [Fact]
    public void Site_RunsAsTheUserAssignedIdentity()
    {
        Assert.Equal("UserAssigned", (string?)Site.Property("identity.type"));
        Assert.Equal("UserAssignedIdentity", (string?)Site.Property("properties.functionAppConfig.deployment.storage.authentication.type"));
        Assert.Equal("blobContainer", (string?)Site.Property("properties.functionAppConfig.deployment.storage.type"));
    }

    [Fact]
    public void Scale_MemoryAndInstanceCount_AreConstrainedParameters()
    {
        var parameters = compiled.Template.Root.Template["parameters"]!;

        Assert.Equal("[parameters('instanceMemoryMB')]", (string?)Site.Property("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB"));
        Assert.Equal([512, 2048, 4096], parameters["instanceMemoryMB"]!["allowedValues"]!.AsArray().Select(v => (int)v!));
        Assert.Equal(40, (int)parameters["maximumInstanceCount"]!["minValue"]!);
        Assert.Equal(1000, (int)parameters["maximumInstanceCount"]!["maxValue"]!);
        Assert.Equal(2048, Site.Resolved("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB")!.GetValue<int>());
    }

    [Fact]
    public void Cors_OriginsComeFromTheParameter()
    {
        var passed = (string)compiled.Template.Module("function-app").Property("properties.parameters.allowedOrigins")!;

        Assert.Equal("[parameters('allowedOrigins')]", (string?)Site.Property("properties.siteConfig.cors.allowedOrigins"));
        Assert.Contains("split(parameters('corsAllowedOrigins'), ',')", passed);
    }

    [Theory]
    [InlineData("linuxFxVersion")]
    [InlineData("alwaysOn")]
    [InlineData("functionAppScaleLimit")]
    [InlineData("preWarmedInstanceCount")]
    public void SiteConfig_PropertyFlexRejects_IsAbsent(string property)
    {
        var siteConfig = Assert.IsType<JsonObject>(Site.Property("properties.siteConfig"));

        Assert.False(siteConfig.ContainsKey(property));
    }
}
