using System.Text.Json.Nodes;

namespace BudapestPost.Infra.Tests;

/// <summary>What the Azure rule sets check beyond the basics: affinity, Defender, workspace replication.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class ResilienceTests(CompiledTemplateFixture compiled)
{
    private JsonNode MainParameter(string name) => compiled.Template.Root.Template["parameters"]![name]!;

    private static string AzdValue(string parameter) =>
        (string)JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledTemplateFixture.InfraPath, "main.parameters.json")))!["parameters"]![parameter]!["value"]!;

    [Fact]
    public void Site_ClientAffinity_IsOff()
    {
        // Azure.AppService.ARRAffinity: any instance serves any request.
        Assert.False(compiled.Template.Single("Microsoft.Web/sites").Property("properties.clientAffinityEnabled")!.GetValue<bool>());
    }

    [Fact]
    public void DefenderForStorage_IsOnTheAccountBehindAParameter()
    {
        var defender = compiled.Template.Single("Microsoft.Security/defenderForStorageSettings");

        Assert.Equal("[parameters('defenderEnabled')]", (string?)defender.Property("condition"));
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]", (string?)defender.Property("scope"));
        Assert.True((bool)defender.Property("properties.isEnabled")!);
        Assert.Equal("[parameters('defenderForStorageEnabled')]",
            (string?)compiled.Template.Module("storage").Property("properties.parameters.defenderEnabled.value"));
        Assert.False((bool)MainParameter("defenderForStorageEnabled")["defaultValue"]!);
        Assert.Equal("${DEFENDER_FOR_STORAGE_ENABLED=false}", AzdValue("defenderForStorageEnabled"));
    }

    [Fact]
    public void WorkspaceReplication_IsOnWhenASecondaryRegionIsGiven()
    {
        var workspace = compiled.Template.Single("Microsoft.OperationalInsights/workspaces");

        Assert.Equal("[if(empty(parameters('replicationLocation')), null(), createObject('enabled', true(), 'location', parameters('replicationLocation')))]",
            (string?)workspace.Property("properties.replication"));
        Assert.Equal("[parameters('logAnalyticsReplicationLocation')]",
            (string?)compiled.Template.Module("monitoring").Property("properties.parameters.replicationLocation.value"));
        Assert.Equal("${LOG_ANALYTICS_REPLICATION_LOCATION}", AzdValue("logAnalyticsReplicationLocation"));
    }

    [Fact]
    public void Storage_PublicNetworkAccess_IsDeniedOnlyInVnetMode()
    {
        // Azure.Storage.Firewall: Flex Consumption without a VNet reaches storage over public endpoints,
        // so the default must allow them; VNet mode denies everything but trusted services.
        var account = compiled.Template.Single("Microsoft.Storage/storageAccounts");
        var readme = File.ReadAllText(Path.Combine(BudapestPost.Testing.RepositoryRoot.Path, "README.md"));

        Assert.Equal("[if(parameters('privateNetworkOnly'), 'Deny', 'Allow')]", (string?)account.Property("properties.networkAcls.defaultAction"));
        Assert.Contains("Azure.Storage.Firewall", readme);
    }
}
