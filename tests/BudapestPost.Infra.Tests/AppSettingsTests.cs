using System.Text.Json.Nodes;
using BudapestPost.Core.Related;
using BudapestPost.Functions.Audio;
using BudapestPost.Functions.Feedback;
using BudapestPost.Functions.Feeds;
using BudapestPost.Functions.Http;
using BudapestPost.Functions.Newsletter;
using BudapestPost.Functions.Site;
using BudapestPost.Functions.Storage;
using BudapestPost.Infra.Tests.Arm;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class AppSettingsTests(CompiledTemplateFixture compiled)
{
    /// <summary>Every app setting name with its value expression, from the module and from main.bicep.</summary>
    private Dictionary<string, string> Settings()
    {
        var config = Assert.Single(compiled.Template.OfType("Microsoft.Web/sites/config"),
            c => ((string)c.Json["name"]!).Contains("'appsettings'", StringComparison.Ordinal));
        var union = ArmExpression.TryParseCall((string)config.Property("properties")!)
            ?? throw new InvalidOperationException("appsettings is not one union(...) expression.");
        Assert.Equal("union", union.Function);

        var settings = new Dictionary<string, string>();
        foreach (var argument in union.Arguments)
        {
            var resolved = config.Scope.Resolve(JsonValue.Create($"[{argument}]"));
            if (resolved is JsonObject fromMain)
            {
                foreach (var (name, value) in fromMain)
                {
                    settings.Add(name, JsonText.Of(value));
                }
                continue;
            }
            var created = ArmExpression.TryParseCall(argument);
            Assert.Equal("createObject", created?.Function);
            for (var i = 0; i < created!.Arguments.Count; i += 2)
            {
                settings.Add(ArmExpression.Literal(created.Arguments[i])!, created.Arguments[i + 1]);
            }
        }
        return settings;
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__blobServiceUri", "primaryEndpoints.blob")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "primaryEndpoints.queue")]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "primaryEndpoints.table")]
    [InlineData("AzureWebJobsStorage__credential", "'managedidentity'")]
    [InlineData("AzureWebJobsStorage__clientId", "parameters('identityClientId')")]
    [InlineData("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "Authorization=AAD")]
    [InlineData("Related__RelatedCount", "relatedTopK")]
    [InlineData("Site__Title", "Budapest Post")]
    [InlineData("Site__Description", "News from Budapest")]
    [InlineData("Site__Language", "en")]
    [InlineData("Site__PublicationName", "Budapest Post")]
    [InlineData("Site__BaseUrl", "parameters('siteBaseUrl')")]
    [InlineData("Site__ServePages", "sitePagesEnabled")]
    [InlineData("Feeds__PublicApiUrl", "parameters('publicHostName')")]
    [InlineData("Newsletter__ApiBaseUrl", "parameters('publicHostName')")]
    [InlineData("AzureWebJobsDisableHomepage", "true")]
    [InlineData("OVERRIDE_USE_MI_FIC_ASSERTION_CLIENTID", "parameters('identityClientId')")]
    public void Setting_IdentityBasedOrOption_IsPresent(string name, string valueContains)
    {
        var settings = Settings();

        Assert.True(settings.ContainsKey(name), $"{name} missing; present: {string.Join(", ", settings.Keys)}");
        Assert.Contains(valueContains, settings[name]);
    }

    [Fact]
    public void Settings_ApplicationOptions_NameARealOptionsProperty()
    {
        // "Section__Property" settings are bound by the app's options classes; a typo would be ignored silently.
        var sections = new Dictionary<string, Type>
        {
            [RelatedOptions.SectionName] = typeof(RelatedOptions),
            [FeedbackOptions.SectionName] = typeof(FeedbackOptions),
            [StorageOptions.SectionName] = typeof(StorageOptions),
            [NewsletterOptions.SectionName] = typeof(NewsletterOptions),
            [SmtpOptions.SectionName] = typeof(SmtpOptions),
            [SiteOptions.SectionName] = typeof(SiteOptions),
            [AudioOptions.SectionName] = typeof(AudioOptions),
            [FeedsOptions.SectionName] = typeof(FeedsOptions),
            [FrontDoorOptions.SectionName] = typeof(FrontDoorOptions),
        };
        var optionSettings = Settings().Keys
            .Where(name => name.Contains("__", StringComparison.Ordinal) && !name.StartsWith("AzureWebJobsStorage__", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(optionSettings);
        Assert.All(optionSettings, name =>
        {
            var (section, property) = (name[..name.IndexOf("__", StringComparison.Ordinal)], name[(name.IndexOf("__", StringComparison.Ordinal) + 2)..]);
            Assert.True(sections.TryGetValue(section, out var type), $"{name}: no options section '{section}'");
            Assert.True(type!.GetProperty(property) is not null, $"{name}: {type.Name} has no property '{property}'");
        });
    }

    [Fact]
    public void SiteBaseUrl_ComesFromTheAzdEnvironment_OrFallsBackToTheAppsPublicUrl()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledTemplateFixture.InfraPath, "main.parameters.json")))!["parameters"]!;
        // The app's own host unless Front Door is in front: then the app refuses anyone else, so links name the endpoint.
        const string publicHost = "if(empty(parameters('publicHostName')), reference('site').defaultHostName, parameters('publicHostName'))";

        Assert.Equal($"if(empty(parameters('siteBaseUrl')), format('https://{{0}}', {publicHost}), parameters('siteBaseUrl'))",
            Settings()["Site__BaseUrl"]);
        Assert.Equal($"format('https://{{0}}/api/', {publicHost})", Settings()["Feeds__PublicApiUrl"]);
        // Confirmation and unsubscribe links too: with Front Door on, the app's own host name answers 403.
        Assert.Equal($"format('https://{{0}}', {publicHost})", Settings()["Newsletter__ApiBaseUrl"]);
        Assert.Equal("[parameters('siteBaseUrl')]", (string?)compiled.Template.Module("function-app").Property("properties.parameters.siteBaseUrl.value"));
        Assert.Equal("${SITE_BASE_URL}", (string?)parameters["siteBaseUrl"]!["value"]);
        Assert.Equal("${SITE_LANGUAGE=en}", (string?)parameters["siteLanguage"]!["value"]);
    }

    [Fact]
    public void FrontDoorId_IsTheProfilesWhenFrontDoorIsOn_AndEmptyOtherwise()
    {
        var passed = JsonText.Of(compiled.Template.Module("function-app").Property("properties.parameters.frontDoorId"));

        // The worker believes X-Azure-ClientIP only on requests carrying this id in X-Azure-FDID.
        Assert.Equal("parameters('frontDoorId')", Settings()["FrontDoor__Id"]);
        Assert.Contains("if(parameters('frontDoorEnabled'), createObject('value', reference(", passed);
        Assert.Contains("outputs.frontDoorId.value), createObject('value', ''))", passed);
    }

    [Theory]
    [InlineData("AzureWebJobsStorage")]
    [InlineData("FUNCTIONS_WORKER_RUNTIME")]
    [InlineData("FUNCTIONS_WORKER_RUNTIME_VERSION")]
    [InlineData("WEBSITE_CONTENTAZUREFILECONNECTIONSTRING")]
    [InlineData("WEBSITE_CONTENTSHARE")]
    [InlineData("FUNCTIONS_MAX_HTTP_CONCURRENCY")]
    [InlineData("WEBSITE_RUN_FROM_PACKAGE")]
    [InlineData("APPINSIGHTS_INSTRUMENTATIONKEY")]
    public void Setting_FlexRejectedOrKeyBased_IsAbsent(string name)
    {
        Assert.DoesNotContain(name, Settings().Keys, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Settings_NoValue_CarriesAKeyOrSecret()
    {
        string[] forbidden = ["listKeys", "listSecrets", "listConnectionStrings", "AccountKey", "SharedAccessSignature", "DefaultEndpointsProtocol", "sig="];

        var leaks = Settings().Where(s => forbidden.Any(f => s.Value.Contains(f, StringComparison.OrdinalIgnoreCase))).ToList();

        Assert.Empty(leaks);
    }

    [Fact]
    public void Settings_OnlyConnectionString_IsTheApplicationInsightsEndpoint()
    {
        // With local auth disabled on the component, this string locates the endpoint and grants nothing.
        var connectionStrings = Settings().Where(s => s.Key.Contains("CONNECTION", StringComparison.OrdinalIgnoreCase)).ToList();

        var only = Assert.Single(connectionStrings);
        Assert.Equal("APPLICATIONINSIGHTS_CONNECTION_STRING", only.Key);
        Assert.Equal("reference('applicationInsights').ConnectionString", only.Value);
        Assert.True(compiled.Template.Single("Microsoft.Insights/components").Property("properties.DisableLocalAuth")!.GetValue<bool>());
    }

    [Fact]
    public void Monitoring_LocalAuthentication_IsOffOnTheWorkspaceToo()
    {
        var workspace = compiled.Template.Single("Microsoft.OperationalInsights/workspaces");

        Assert.True(workspace.Property("properties.features.disableLocalAuth")!.GetValue<bool>());
    }
}
