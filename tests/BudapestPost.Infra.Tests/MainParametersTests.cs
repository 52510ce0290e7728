using System.Text.Json.Nodes;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class MainParametersTests(CompiledTemplateFixture compiled)
{
    private static JsonObject FileParameters() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledTemplateFixture.InfraPath, "main.parameters.json")))!["parameters"]!.AsObject();

    private JsonObject TemplateParameters => compiled.Template.Root.Template["parameters"]!.AsObject();

    [Theory]
    [InlineData("environmentName", "${AZURE_ENV_NAME}")]
    [InlineData("location", "${AZURE_LOCATION}")]
    [InlineData("principalId", "${AZURE_PRINCIPAL_ID}")]
    [InlineData("principalType", "${AZURE_PRINCIPAL_TYPE=User}")]
    [InlineData("authClientId", "${AZURE_AUTH_CLIENT_ID}")]
    [InlineData("authTenantId", "${AZURE_AUTH_TENANT_ID}")]
    [InlineData("authAllowedAudiences", "${AZURE_AUTH_ALLOWED_AUDIENCES}")]
    public void Parameter_MapsTheAzdVariable(string parameter, string value)
    {
        Assert.Equal(value, (string?)FileParameters()[parameter]?["value"]);
    }

    [Fact]
    public void ParametersFile_NamesOnlyParametersMainDeclares()
    {
        Assert.All(FileParameters(), pair => Assert.True(TemplateParameters.ContainsKey(pair.Key), $"{pair.Key} is not a main.bicep parameter"));
    }

    [Fact]
    public void RequiredParameters_AreAllMapped()
    {
        var required = TemplateParameters.Where(p => !p.Value!.AsObject().ContainsKey("defaultValue")).Select(p => p.Key);

        // authClientId has no default on purpose: without sign-in configured, identity headers would be the caller's own.
        Assert.Equal(["authClientId", "environmentName", "location"], required.Order());
        Assert.All(required, name => Assert.True(FileParameters().ContainsKey(name)));
    }

    [Fact]
    public void Main_TargetsTheSubscriptionAndCreatesTheResourceGroup()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", (string)compiled.Template.Root.Template["$schema"]!);
        Assert.Equal("[format('rg-{0}', parameters('environmentName'))]",
            (string?)compiled.Template.Single("Microsoft.Resources/resourceGroups").Resolved("name"));
    }
}
