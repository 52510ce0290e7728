using System.Text.Json.Nodes;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class StorageAccountTests(CompiledTemplateFixture compiled)
{
    private const string AccountType = "Microsoft.Storage/storageAccounts";

    [Theory]
    [InlineData("properties.allowSharedKeyAccess", false)]
    [InlineData("properties.allowBlobPublicAccess", false)]
    [InlineData("properties.supportsHttpsTrafficOnly", true)]
    [InlineData("properties.defaultToOAuthAuthentication", true)]
    [InlineData("properties.allowCrossTenantReplication", false)]
    public void Account_SecuritySwitch_IsSet(string path, bool expected)
    {
        var account = compiled.Template.Single(AccountType);

        Assert.Equal(expected, account.Property(path)?.GetValue<bool>());
    }

    [Fact]
    public void Account_MinimumTls_Is12()
    {
        Assert.Equal("TLS1_2", (string?)compiled.Template.Single(AccountType).Property("properties.minimumTlsVersion"));
    }

    [Fact]
    public void Account_Sku_IsLocallyOrZoneRedundantByDefault()
    {
        var sku = compiled.Template.Single(AccountType).ResolvedString("sku.name");
        var allowed = compiled.Template.ModuleScope("storage").Template["parameters"]!["skuName"]!["allowedValues"]!.AsArray()
            .Select(v => (string)v!);

        Assert.Equal("Standard_LRS", sku);
        Assert.Equal(["Standard_LRS", "Standard_ZRS"], allowed);
    }

    [Fact]
    public void Account_NetworkAcls_LetTrustedAzureServicesThrough()
    {
        var account = compiled.Template.Single(AccountType);

        // 'Disabled' would also turn off the trusted-services exception Event Grid dead-lettering needs.
        Assert.Equal("AzureServices", (string?)account.Property("properties.networkAcls.bypass"));
        Assert.Equal("Enabled", (string?)account.Property("properties.publicNetworkAccess"));
    }

    [Fact]
    public void Containers_AllTheAppNeeds_AreCreatedPrivate()
    {
        var names = StringArray(compiled.Template.ModuleScope("storage").Resolve(JsonValue.Create("[parameters('containerNames')]")));
        var container = compiled.Template.Single("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal(["app-package", "articles", "audio", "event-dead-letters", "indexes", "newsletter", "published", "search"], names.Order());
        Assert.Equal("None", (string?)container.Property("properties.publicAccess"));
    }

    [Fact]
    public void Tables_CatalogFeedbackAndErrors_AreCreated()
    {
        var names = StringArray(compiled.Template.ModuleScope("storage").Resolve(JsonValue.Create("[parameters('tableNames')]")));

        Assert.Equal(["Articles", "Audit", "Corrections", "Feedback", "Narrations", "Newsletter", "PendingFiles", "PublishErrors"], names.Order());
    }

    [Fact]
    public void BlobService_SoftDelete_IsOnForBlobsAndContainers()
    {
        var service = compiled.Template.Single("Microsoft.Storage/storageAccounts/blobServices");

        Assert.True(service.Property("properties.deleteRetentionPolicy.enabled")!.GetValue<bool>());
        Assert.True(service.Property("properties.containerDeleteRetentionPolicy.enabled")!.GetValue<bool>());
    }

    [Fact]
    public void DeploymentContainer_UsedByTheApp_IsOneOfTheCreatedContainers()
    {
        var created = StringArray(compiled.Template.ModuleScope("storage").Resolve(JsonValue.Create("[parameters('containerNames')]")));
        var deployment = (string)compiled.Template.ModuleScope("function-app").Resolve(JsonValue.Create("[parameters('deploymentContainerName')]"))!;

        Assert.Contains(deployment, created);
    }

    private static List<string> StringArray(JsonNode? node) =>
        Assert.IsType<JsonArray>(node).Select(value => (string)value!).ToList();
}
