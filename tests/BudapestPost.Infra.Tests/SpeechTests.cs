using BudapestPost.Infra.Tests.Arm;

namespace BudapestPost.Infra.Tests;

/// <summary>Azure AI Speech for narration: keyless, reached through its custom subdomain by the app's identity.</summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed class SpeechTests(CompiledTemplateFixture compiled)
{
    private Dictionary<string, string> MainAppSettings() =>
        compiled.Template.Module("function-app").Property("properties.parameters.appSettings.value")!.AsObject()
            .ToDictionary(p => p.Key, p => (string)p.Value!);

    [Fact]
    public void Speech_IsASpeechServicesAccountWithLocalAuthOffAndACustomSubdomain()
    {
        var speech = compiled.Template.Single("Microsoft.CognitiveServices/accounts");

        Assert.Equal("SpeechServices", (string?)speech.Property("kind"));
        Assert.True(speech.Property("properties.disableLocalAuth")!.GetValue<bool>());
        Assert.Equal("[parameters('name')]", (string?)speech.Property("properties.customSubDomainName"));
        Assert.Equal("[parameters('skuName')]", (string?)speech.Property("sku.name"));
        Assert.Equal("S0", (string?)compiled.Template.ModuleScope("speech").Template["parameters"]!["skuName"]!["defaultValue"]);
    }

    [Fact]
    public void Speech_IsDeployedOnlyWithAudioOn_NamedByTheResourceToken()
    {
        var module = compiled.Template.Module("speech");

        Assert.Equal("[parameters('audioEnabled')]", (string?)module.Property("condition"));
        Assert.Contains("variables('names').speech", (string)module.Property("properties.parameters.name.value")!);
        Assert.Equal("spch-${resourceToken}", ((string?)compiled.Template.Root.Template["variables"]!["names"]!["speech"])?.Replace("[format('spch-{0}', variables('resourceToken'))]", "spch-${resourceToken}"));
    }

    [Fact]
    public void SpeechUser_IsGrantedToTheAppsIdentityOnTheSpeechResource()
    {
        var assignment = Assert.Single(compiled.Template.ModuleScope("speech").Resources, r => r.Type == "Microsoft.Authorization/roleAssignments");

        Assert.Contains("f2dc8367-1007-4938-bd23-fe263f013447", assignment.Scope.Expand((string)assignment.Property("properties.roleDefinitionId")!));
        Assert.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", (string)assignment.Property("properties.principalId")!);
        Assert.Equal("ServicePrincipal", (string?)assignment.Property("properties.principalType"));
        Assert.Contains("Microsoft.CognitiveServices/accounts", (string)assignment.Property("scope")!);
    }

    [Theory]
    [InlineData("Audio__Synthesizer", "AzureSpeech")]
    [InlineData("Audio__SpeechEndpoint", "'speech'")]
    [InlineData("Audio__Voice", "parameters('audioVoice')")]
    [InlineData("Audio__ClientId", "clientId")]
    [InlineData("Audio__Enabled", "parameters('audioEnabled')")]
    [InlineData("AudioTimerSchedule", "45 * * * * *")]
    public void App_NarratesWithSpeechAsItsIdentity(string name, string valueContains)
    {
        var settings = MainAppSettings();

        Assert.True(settings.ContainsKey(name), $"{name} missing; present: {string.Join(", ", settings.Keys)}");
        Assert.Contains(valueContains, settings[name]);
    }

    [Fact]
    public void Storage_HasTheAudioContainerAndNarrationsTable_AndEventGridTheAudioTrigger()
    {
        var variables = compiled.Template.Root.Template["variables"]!;

        Assert.Contains("audio", variables["containerNames"]!.AsArray().Select(v => (string?)v));
        Assert.Contains("Narrations", variables["tableNames"]!.AsArray().Select(v => (string?)v));
        Assert.Contains("RenderArticleAudio", variables["blobTriggerFunctions"]!.AsArray().Select(v => (string?)v));
    }
}
