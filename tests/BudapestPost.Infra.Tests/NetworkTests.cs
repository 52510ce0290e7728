using System.Text.Json.Nodes;
using BudapestPost.Infra.Tests.Arm;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class NetworkTests(CompiledTemplateFixture compiled)
{
    [Fact]
    public void Network_IsDeployedOnlyWhenVnetEnabled()
    {
        var vnetEnabled = compiled.Template.Root.Template["parameters"]!["vnetEnabled"]!;

        Assert.Equal("[parameters('vnetEnabled')]", (string?)compiled.Template.Module("network").Property("condition"));
        Assert.False((bool)vnetEnabled["defaultValue"]!);
    }

    [Fact]
    public void PrivateEndpoints_CoverBlobQueueTableAndTheVault()
    {
        var network = compiled.Template.ModuleScope("network");
        var services = network.Resolve(JsonValue.Create("[variables('storageServices')]"))!.AsArray();
        var links = (string)network.Resolve(JsonValue.Create("[variables('privateLinks')]"))!;
        var endpoint = compiled.Template.Single("Microsoft.Network/privateEndpoints");
        var dnsZone = compiled.Template.Single("Microsoft.Network/privateDnsZones");

        Assert.Equal(["blob", "queue", "table"], services.Select(s => (string)s!));
        Assert.Contains("format('privatelink.{0}.{1}', lambdaVariables('service'), environment().suffixes.storage)", links);
        Assert.Contains("createObject('groupId', 'vault'", links);
        Assert.Contains("replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')", links);
        Assert.Equal("[if(equals(variables('privateLinks')[copyIndex()].groupId, 'vault'), resourceId('Microsoft.KeyVault/vaults', parameters('keyVaultName')), resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName')))]",
            (string?)endpoint.Property("properties.privateLinkServiceConnections")![0]!["properties"]!["privateLinkServiceId"]);
        Assert.Equal("[variables('privateLinks')[copyIndex()].zone]", (string?)dnsZone.Property("name"));
        Assert.Equal("[length(variables('privateLinks'))]", (string?)endpoint.Property("copy.count"));
        Assert.Single(compiled.Template.OfType("Microsoft.Network/privateEndpoints/privateDnsZoneGroups"));
        Assert.Single(compiled.Template.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks"));
    }

    [Fact]
    public void VnetEnabled_ClosesTheVaultToPublicTraffic()
    {
        var vault = compiled.Template.Single("Microsoft.KeyVault/vaults");

        Assert.Equal("[parameters('vnetEnabled')]", (string?)compiled.Template.Module("communication").Property("properties.parameters.privateNetworkOnly.value"));
        Assert.Equal("[if(parameters('privateNetworkOnly'), 'Disabled', 'Enabled')]", (string?)vault.Property("properties.publicNetworkAccess"));
        Assert.Equal("[if(parameters('privateNetworkOnly'), 'Deny', 'Allow')]", (string?)vault.Property("properties.networkAcls.defaultAction"));
        Assert.Equal((string?)compiled.Template.Module("communication").Property("properties.parameters.keyVaultName.value"),
            (string?)compiled.Template.Module("network").Property("properties.parameters.keyVaultName.value"));
    }

    [Fact]
    public void AppSubnet_IsDelegatedToFlexConsumption()
    {
        var subnet = Assert.Single(compiled.Template.OfType("Microsoft.Network/virtualNetworks/subnets"),
            s => s.Property("properties.delegations") is not null);

        Assert.Equal("Microsoft.App/environments", (string?)subnet.Property("properties.delegations")![0]!["properties"]!["serviceName"]);
    }

    [Fact]
    public void VnetEnabled_DeniesPublicTrafficToStorageAndIntegratesTheApp()
    {
        var storage = compiled.Template.Module("storage");
        var site = compiled.Template.Single("Microsoft.Web/sites");
        var account = compiled.Template.Single("Microsoft.Storage/storageAccounts");

        Assert.Equal("[parameters('vnetEnabled')]", (string?)storage.Property("properties.parameters.privateNetworkOnly.value"));
        Assert.Equal("[if(parameters('privateNetworkOnly'), 'Deny', 'Allow')]", (string?)account.Property("properties.networkAcls.defaultAction"));
        Assert.Contains("parameters('vnetEnabled')", JsonText.Of(compiled.Template.Module("function-app").Property("properties.parameters.subnetResourceId")));
        Assert.Equal("[if(empty(parameters('subnetResourceId')), null(), parameters('subnetResourceId'))]",
            (string?)site.Property("properties.virtualNetworkSubnetId"));
    }
}
