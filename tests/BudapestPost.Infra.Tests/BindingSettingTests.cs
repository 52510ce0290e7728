using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BudapestPost.Testing;

namespace BudapestPost.Infra.Tests;

/// <summary>
/// A trigger attribute naming an app setting (<c>%Name%</c>) makes the host refuse the function when the
/// setting is missing, so every such name must be set both in Azure and in the local settings sample.
/// </summary>
[Collection(CompiledTemplateCollection.Name)]
public sealed partial class BindingSettingTests(CompiledTemplateFixture compiled)
{
    [Fact]
    public void EverySettingATriggerNames_IsSetInAzureAndLocally()
    {
        var sources = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "src", "BudapestPost.Functions"), "*.cs", SearchOption.AllDirectories);
        var named = sources.SelectMany(file => SettingInTrigger().Matches(File.ReadAllText(file))).Select(m => m.Groups["name"].Value).Distinct().ToList();
        var azure = compiled.Template.Module("function-app").Property("properties.parameters.appSettings.value")!.AsObject();
        var local = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "local.settings.sample.json")))!["Values"]!.AsObject();

        Assert.Contains("NewsletterTimerSchedule", named);
        Assert.All(named, name =>
        {
            Assert.True(azure.ContainsKey(name), $"{name} is not set in infra/main.bicep's app settings");
            Assert.True(local.ContainsKey(name), $"{name} is not set in local.settings.sample.json");
        });
    }

    [GeneratedRegex(@"\[(?:TimerTrigger|QueueTrigger|BlobTrigger)\(""[^""]*%(?<name>[^%""]+)%")]
    private static partial Regex SettingInTrigger();
}
