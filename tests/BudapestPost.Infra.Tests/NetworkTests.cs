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
    public void PrivateEndpoints_CoverBlobQueueAndTable()
    {
        var services = compiled.Template.ModuleScope("network").Resolve(JsonValue.Create("[variables('storageServices')]"))!.AsArray();
        var endpoint = compiled.Template.Single("Microsoft.Network/privateEndpoints");
        var dnsZone = compiled.Template.Single("Microsoft.Network/privateDnsZones");

        Assert.Equal(["blob", "queue", "table"], services.Select(s => (string)s!));
        Assert.Contains("variables('storageServices')[copyIndex()]", JsonText.Of(endpoint.Property("properties.privateLinkServiceConnections")));
        Assert.Equal("[format('privatelink.{0}.{1}', variables('storageServices')[copyIndex()], environment().suffixes.storage)]",
            (string?)dnsZone.Property("name"));
        Assert.Single(compiled.Template.OfType("Microsoft.Network/privateEndpoints/privateDnsZoneGroups"));
        Assert.Single(compiled.Template.OfType("Microsoft.Network/privateDnsZones/virtualNetworkLinks"));
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
