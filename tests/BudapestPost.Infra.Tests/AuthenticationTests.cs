using BudapestPost.Infra.Tests.Arm;

namespace BudapestPost.Infra.Tests;

/// <summary>
/// The function app's built-in authentication: editors and admins sign in with Entra ID, everyone else stays anonymous,
/// and the worker reads the principal (app roles Editor and Admin) the platform passes it.
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class AuthenticationTests(CompiledTemplateFixture compiled)
{
    private ArmResource AuthSettings => Assert.Single(compiled.Template.OfType("Microsoft.Web/sites/config"),
        c => ((string)c.Json["name"]!).Contains("'authsettingsV2'", StringComparison.Ordinal));

    [Fact]
    public void AuthSettings_AreAlwaysDeployed_AndLetAnonymousReadersThrough()
    {
        var auth = AuthSettings;

        // No condition: without the platform's sign-in, an X-MS-CLIENT-PRINCIPAL header would be the caller's own.
        Assert.Null(auth.Property("condition"));
        Assert.True((bool)auth.Property("properties.platform.enabled")!);
        Assert.False((bool)auth.Property("properties.globalValidation.requireAuthentication")!);
        Assert.Equal("AllowAnonymous", (string?)auth.Property("properties.globalValidation.unauthenticatedClientAction"));
        Assert.True((bool)auth.Property("properties.httpSettings.requireHttps")!);
        Assert.True((bool)auth.Property("properties.login.tokenStore.enabled")!);
    }

    [Fact]
    public void EntraProvider_TakesTheRegistrationFromParameters()
    {
        var entra = AuthSettings.Property("properties.identityProviders.azureActiveDirectory")!;

        Assert.True((bool)entra["enabled"]!);
        Assert.Equal("[parameters('authClientId')]", (string?)entra["registration"]!["clientId"]);
        Assert.Equal("[format('{0}{1}/v2.0', environment().authentication.loginEndpoint, parameters('authTenantId'))]",
            (string?)entra["registration"]!["openIdIssuer"]);
        Assert.Equal("[parameters('authAllowedAudiences')]", (string?)entra["validation"]!["allowedAudiences"]);
    }

    [Fact]
    public void ClientCredential_IsTheAppsManagedIdentity_NeverASecret()
    {
        var entra = AuthSettings.Property("properties.identityProviders.azureActiveDirectory.registration")!;

        // The platform's name for "a federated credential from this managed identity"; the app setting holds its client id.
        Assert.Equal("OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID", (string?)entra["clientSecretSettingName"]);
        Assert.Null(entra["clientSecretCertificateThumbprint"]);
        Assert.DoesNotContain("MICROSOFT_PROVIDER_AUTHENTICATION_SECRET", compiled.Template.Text);
    }

    [Fact]
    public void SignInRedirects_NameTheFrontDoorEndpoint_OnlyBehindFrontDoor()
    {
        Assert.Equal("[if(variables('frontDoorOnly'), 'Standard', 'NoProxy')]",
            (string?)AuthSettings.Property("properties.httpSettings.forwardProxy.convention"));
    }

    [Fact]
    public void Main_RequiresTheClientId_AndDefaultsTenantAndAudience()
    {
        var parameters = compiled.Template.Root.Template["parameters"]!;
        var module = compiled.Template.Module("function-app");

        Assert.Null(parameters["authClientId"]!["defaultValue"]);
        Assert.Equal(36, (int)parameters["authClientId"]!["minLength"]!);
        Assert.Equal("[parameters('authClientId')]", (string?)module.Property("properties.parameters.authClientId.value"));
        Assert.Equal("[if(empty(parameters('authTenantId')), createObject('value', tenant().tenantId), createObject('value', parameters('authTenantId')))]",
            (string?)module.Property("properties.parameters.authTenantId"));
        Assert.StartsWith("[if(empty(parameters('authAllowedAudiences')), createObject('value', createArray(format('api://{0}', parameters('authClientId')))),",
            (string)module.Property("properties.parameters.authAllowedAudiences")!);
    }
}
