using BudapestPost.Infra.Tests.Arm;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class RoleAssignmentTests(CompiledTemplateFixture compiled)
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string CommunicationAndEmailServiceOwner = "09976791-48a7-449e-bb21-39d1a415f350";
    // The custom role communication.bicep defines: SMTP sign-in and sending, nothing else.
    private const string SmtpSender = "variables('smtpSenderRoleId')";
    private const string CognitiveServicesSpeechUser = "f2dc8367-1007-4938-bd23-fe263f013447";

    private const string Account = "Microsoft.Storage/storageAccounts";
    private const string Container = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string Component = "Microsoft.Insights/components";
    private const string Vault = "Microsoft.KeyVault/vaults";
    private const string Communication = "Microsoft.Communication/communicationServices";
    private const string Speech = "Microsoft.CognitiveServices/accounts";

    /// <summary>Who holds a role: the app's identity, the Event Grid topic's identity, the developer or the newsletter's SMTP application.</summary>
    public enum Holder { App, EventGrid, Developer, SmtpApplication }

    private sealed record Assignment(string RoleId, string ScopeType, string ScopeName, Holder Holder, ArmResource Resource);

    private List<Assignment> Assignments() =>
        compiled.Template.OfType("Microsoft.Authorization/roleAssignments").Select(Describe).ToList();

    private static Assignment Describe(ArmResource resource)
    {
        var role = ArmExpression.TryParseCall(resource.Scope.Expand((string)resource.Property("properties.roleDefinitionId")!));
        Assert.Equal("subscriptionResourceId", role?.Function);
        Assert.Equal("Microsoft.Authorization/roleDefinitions", ArmExpression.Literal(role!.Arguments[0]));

        var scopeText = (string?)resource.Property("scope") ?? throw new InvalidOperationException("Role assignment without a scope.");
        var scope = ArmExpression.TryParseCall(resource.Scope.Expand(scopeText));
        Assert.Equal("resourceId", scope?.Function);

        var principal = (string)resource.Property("properties.principalId")!;
        var holder = principal switch
        {
            _ when principal.Contains("Microsoft.ManagedIdentity/userAssignedIdentities") => Holder.App,
            _ when principal.Contains("Microsoft.EventGrid/systemTopics") => Holder.EventGrid,
            "[parameters('developerPrincipalId')]" => Holder.Developer,
            "[parameters('smtpServicePrincipalId')]" => Holder.SmtpApplication,
            _ => throw new InvalidOperationException($"Unknown principal {principal}."),
        };
        return new Assignment(
            ArmExpression.Literal(role.Arguments[1]) ?? role.Arguments[1],
            ArmExpression.Literal(scope!.Arguments[0])!,
            ArmExpression.Literal(scope.Arguments[^1]) ?? "(the account)",
            holder,
            resource);
    }

    [Theory]
    [InlineData(Holder.App, BlobDataOwner, Account, "(the account)")]
    [InlineData(Holder.App, QueueDataContributor, Account, "(the account)")]
    [InlineData(Holder.App, TableDataContributor, Account, "(the account)")]
    [InlineData(Holder.App, MonitoringMetricsPublisher, Component, "(the account)")]
    [InlineData(Holder.EventGrid, BlobDataContributor, Container, "event-dead-letters")]
    [InlineData(Holder.Developer, BlobDataContributor, Container, "articles")]
    [InlineData(Holder.App, KeyVaultSecretsUser, Vault, "(the vault)")]
    [InlineData(Holder.SmtpApplication, SmtpSender, Communication, "(the service)")]
    [InlineData(Holder.App, CognitiveServicesSpeechUser, Speech, "(the Speech resource)")]
    public void Role_IsGrantedAtItsExpectedScope(Holder holder, string roleId, string scopeType, string scopeName)
    {
        var granted = Assignments().Where(a => a.Holder == holder && a.RoleId == roleId).ToList();

        var assignment = Assert.Single(granted);
        Assert.Equal(scopeType, assignment.ScopeType);
        // Components, the vault, the service and the Speech resource are named by parameters, not literals.
        if (scopeType is not (Component or Vault or Communication or Speech))
        {
            Assert.Equal(scopeName, assignment.ScopeName);
        }
    }

    [Fact]
    public void Assignments_NoneBeyondTheExpectedNine()
    {
        var all = Assignments();

        Assert.Equal(9, all.Count);
        Assert.DoesNotContain(all, a => a.ScopeType is "Microsoft.Resources/resourceGroups");
    }

    [Fact]
    public void SmtpApplication_HoldsOnlyReadAndSendOnTheCommunicationService()
    {
        var scope = compiled.Template.ModuleScope("communication");
        var role = compiled.Template.Single("Microsoft.Authorization/roleDefinitions");
        var permissions = Assert.Single(role.Property("properties.permissions")!.AsArray())!;

        Assert.DoesNotContain(Assignments(), a => a.RoleId == CommunicationAndEmailServiceOwner);
        Assert.Equal("[variables('smtpConfigured')]", (string?)role.Property("condition"));
        Assert.Equal("customRole", (string?)role.Property("properties.type"));
        Assert.Equal(["Microsoft.Communication/CommunicationServices/Read", "Microsoft.Communication/EmailServices/write"],
            scope.Resolve(permissions["actions"])!.AsArray().Select(action => (string)action!));
        Assert.Empty(permissions["notActions"]!.AsArray());
        Assert.Null(permissions["dataActions"]);
        Assert.Equal(["[resourceGroup().id]"], role.Property("properties.assignableScopes")!.AsArray().Select(s => (string)s!));
        Assert.Equal($"[{SmtpSender}]", (string?)role.Property("name"));
    }

    [Fact]
    public void Assignments_EachHasAStableNameAndExplicitPrincipalType()
    {
        Assert.All(Assignments(), a =>
        {
            Assert.StartsWith("[guid(", (string)a.Resource.Json["name"]!);
            Assert.NotNull(a.Resource.Property("properties.principalType"));
        });
    }

    [Fact]
    public void DeveloperAssignment_IsBehindTheFlagWithAParameterisedPrincipalType()
    {
        var developer = Assert.Single(Assignments(), a => a.Holder == Holder.Developer);
        var passed = (string)compiled.Template.Module("rbac").Property("properties.parameters.developerPrincipalId")!;
        var principalTypes = compiled.Template.Root.Template["parameters"]!["principalType"]!["allowedValues"]!.AsArray();

        Assert.Equal("[not(empty(parameters('developerPrincipalId')))]", (string?)developer.Resource.Property("condition"));
        Assert.Contains("parameters('grantDeveloperAccess')", passed);
        Assert.Equal("[parameters('developerPrincipalType')]", (string?)developer.Resource.Property("properties.principalType"));
        Assert.Equal("[parameters('principalType')]", (string?)compiled.Template.Module("rbac").Property("properties.parameters.developerPrincipalType.value"));
        Assert.Equal(["User", "ServicePrincipal", "Group"], principalTypes.Select(v => (string)v!));
    }

    [Fact]
    public void FunctionApp_WaitsForItsRoles()
    {
        var dependsOn = compiled.Template.Module("function-app").Property("dependsOn")!.AsArray().Select(d => (string)d!);

        Assert.Contains(dependsOn, d => d.Contains("'rbac'", StringComparison.Ordinal));
    }
}
