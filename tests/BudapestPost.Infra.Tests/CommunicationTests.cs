using BudapestPost.Infra.Tests.Arm;

namespace BudapestPost.Infra.Tests;

/// <summary>Newsletter mail: Communication Services Email with a managed domain, and the SMTP password kept in Key Vault only.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class CommunicationTests(CompiledTemplateFixture compiled)
{
    private Dictionary<string, string> MainAppSettings() =>
        compiled.Template.Module("function-app").Property("properties.parameters.appSettings.value")!.AsObject()
            .ToDictionary(p => p.Key, p => (string)p.Value!);

    [Fact]
    public void EmailService_HasAnAzureManagedDomainLinkedToCommunicationServices()
    {
        var domain = compiled.Template.Single("Microsoft.Communication/emailServices/domains");
        var service = compiled.Template.Single("Microsoft.Communication/communicationServices");

        Assert.Equal("AzureManaged", (string?)domain.Property("properties.domainManagement"));
        Assert.Equal("Disabled", (string?)domain.Property("properties.userEngagementTracking"));
        var linked = Assert.Single(service.Property("properties.linkedDomains")!.AsArray());
        Assert.Contains("'AzureManagedDomain'", (string)linked!);
        Assert.Equal("global", (string?)service.Property("location"));
    }

    [Fact]
    public void Vault_UsesEntraRolesWithPurgeProtection()
    {
        var vault = compiled.Template.Single("Microsoft.KeyVault/vaults");

        Assert.True(vault.Property("properties.enableRbacAuthorization")!.GetValue<bool>());
        Assert.True(vault.Property("properties.enablePurgeProtection")!.GetValue<bool>());
        Assert.Null(vault.Property("properties.accessPolicies"));
    }

    [Fact]
    public void SmtpPassword_IsAKeyVaultReferenceResolvedWithTheAppsIdentity()
    {
        var settings = MainAppSettings();
        var site = compiled.Template.Single("Microsoft.Web/sites");

        Assert.Equal("[format('@Microsoft.KeyVault(VaultName={0};SecretName=smtp-password)', variables('names').keyVault)]", settings["Smtp__Password"]);
        Assert.Equal("[parameters('identityResourceId')]", (string?)site.Property("properties.keyVaultReferenceIdentity"));
        Assert.Contains("'communication'", settings["Newsletter__From"]);
        Assert.Contains("senderAddress", settings["Newsletter__From"]);
    }

    [Theory]
    [InlineData("Smtp__Host", "smtp.azurecomm.net")]
    [InlineData("Smtp__Port", "587")]
    [InlineData("Smtp__Security", "StartTls")]
    public void Smtp_GoesToCommunicationServicesOverStartTls(string name, string value)
    {
        Assert.Equal(value, MainAppSettings()[name]);
    }

    [Fact]
    public void SmtpUser_AndItsSendRight_ExistOnlyOnceAnApplicationIsGiven()
    {
        var scope = compiled.Template.ModuleScope("communication");
        var user = Assert.Single(scope.Resources, r => r.Type == "Microsoft.Communication/communicationServices/smtpUsernames");
        var sendRight = Assert.Single(scope.Resources, r =>
            r.Type == "Microsoft.Authorization/roleAssignments" && ((string)r.Property("properties.principalId")!).Contains("smtpServicePrincipalId"));

        Assert.Equal("[variables('smtpConfigured')]", (string?)user.Property("condition"));
        Assert.Equal("[variables('smtpConfigured')]", (string?)sendRight.Property("condition"));
        Assert.Equal("[parameters('smtpEntraApplicationId')]", (string?)user.Property("properties.entraApplicationId"));
    }
}
