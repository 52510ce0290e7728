using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed partial class OutputTests(CompiledTemplateFixture compiled)
{
    private IEnumerable<(string Scope, string Name, JsonObject Output)> AllOutputs =>
        compiled.Template.Scopes.SelectMany(scope => (scope.Template["outputs"] as JsonObject ?? [])
            .Select(pair => (scope.DeploymentName, pair.Key, pair.Value!.AsObject())));

    [Fact]
    public void Outputs_NoneIsSecureOrNamedLikeACredential()
    {
        var outputs = AllOutputs.ToList();

        Assert.NotEmpty(outputs);
        Assert.All(outputs, o =>
        {
            Assert.DoesNotMatch("(?i)secure", (string)o.Output["type"]!);
            Assert.DoesNotMatch("(?i)key|secret|password|connection|token|sas", o.Name);
        });
    }

    [Fact]
    public void Template_CallsNoListFunction()
    {
        // listKeys, listSecrets, listConnectionStrings, listAccountSas, ... would put a secret in the deployment.
        Assert.DoesNotMatch(ListCall(), compiled.Template.Text);
    }

    [Fact]
    public void Template_HasNoSecureParameters()
    {
        Assert.DoesNotContain("\"secureString\"", compiled.Template.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"secureObject\"", compiled.Template.Text, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("AZURE_FUNCTION_APP_HOST_NAME")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME")]
    [InlineData("AZURE_EVENT_GRID_SYSTEM_TOPIC_ID")]
    [InlineData("SERVICE_API_URI")]
    public void Main_OutputForAzdAndTheHook_IsPresent(string name)
    {
        Assert.NotNull(compiled.Template.Root.Template["outputs"]?[name]);
    }

    [Fact]
    public void BlobTriggerFunctions_AreBothEventGridTriggeredFunctions()
    {
        var functions = compiled.Template.Root.Resolve(JsonValue.Create("[variables('blobTriggerFunctions')]"))!.AsArray();

        Assert.Equal(["PublishArticle", "RenderRelatedIndexes", "IndexArticleForSearch", "RenderArticleAudio"], functions.Select(f => (string)f!));
        Assert.Equal("[join(variables('blobTriggerFunctions'), ',')]",
            (string?)compiled.Template.Root.Template["outputs"]!["AZURE_BLOB_TRIGGER_FUNCTIONS"]!["value"]);
    }

    [Fact]
    public void BlobTriggerFunctions_IncludeEveryEventGridBlobTriggerInTheApp()
    {
        // A trigger missing from the list would never receive an event in Azure.
        var listed = compiled.Template.Root.Resolve(JsonValue.Create("[variables('blobTriggerFunctions')]"))!.AsArray()
            .Select(f => (string)f!);
        var sources = Directory.GetFiles(Path.Combine(BudapestPost.Testing.RepositoryRoot.Path, "src"), "*.cs", SearchOption.AllDirectories);
        var triggers = sources.SelectMany(file => EventGridBlobTrigger().Matches(File.ReadAllText(file)))
            .Select(match => match.Groups["name"].Value)
            .ToList();

        Assert.NotEmpty(triggers);
        Assert.All(triggers, trigger => Assert.Contains(trigger, listed));
    }

    [GeneratedRegex(@"\[Function\(nameof\((?<name>\w+)\)\)\][^{]*?\[BlobTrigger\([^\]]*BlobTriggerSource\.EventGrid")]
    private static partial Regex EventGridBlobTrigger();

    [GeneratedRegex(@"\blist[A-Z]\w*\(|\blist\(")]
    private static partial Regex ListCall();
}
