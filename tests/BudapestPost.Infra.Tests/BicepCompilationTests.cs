using System.Text.Json.Nodes;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed class BicepCompilationTests(CompiledTemplateFixture compiled)
{
    [Fact]
    public void Build_MainBicep_ReportsNoDiagnostics()
    {
        Assert.Equal(0, compiled.Build.ExitCode);
        Assert.DoesNotMatch(@"BCP\d+|Warning|Error", compiled.Build.Output);
        Assert.Equal("", compiled.Build.Output);
    }

    [Fact]
    public async Task Lint_MainBicepAndItsModules_ReportsNothing()
    {
        var lint = await BicepCli.RunAsync("lint", CompiledTemplateFixture.MainBicep);

        Assert.True(lint.ExitCode == 0, lint.Output);
        Assert.Equal("", lint.Output);
    }

    [Fact]
    public void Modules_EveryBicepFile_IsUsedByMain()
    {
        // bicep lint main.bicep covers the modules it references; an orphan would escape it.
        var main = File.ReadAllText(CompiledTemplateFixture.MainBicep);
        var modules = Directory.GetFiles(Path.Combine(CompiledTemplateFixture.InfraPath, "modules"), "*.bicep");

        Assert.NotEmpty(modules);
        Assert.All(modules, module => Assert.Contains($"'modules/{Path.GetFileName(module)}'", main));
        Assert.Single(Directory.GetFiles(CompiledTemplateFixture.InfraPath, "*.bicep"));
    }

    [Fact]
    public void Modules_NoRegistryReferences_RestoreOffline()
    {
        var sources = Directory.GetFiles(CompiledTemplateFixture.InfraPath, "*.bicep", SearchOption.AllDirectories);

        Assert.All(sources, source => Assert.DoesNotMatch(@"'(br|ts)[:/]", File.ReadAllText(source)));
    }

    [Theory]
    [InlineData("outputs-should-not-contain-secrets", "error")]
    [InlineData("secure-secrets-in-params", "error")]
    [InlineData("no-hardcoded-env-urls", "error")]
    [InlineData("no-unused-params", "error")]
    [InlineData("no-unused-vars", "error")]
    [InlineData("use-parent-property", "error")]
    [InlineData("explicit-values-for-loc-params", "error")]
    [InlineData("use-recent-api-versions", "warning")]
    public void BicepConfig_Rule_HasStrictLevel(string rule, string level)
    {
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledTemplateFixture.InfraPath, "bicepconfig.json")))!;

        Assert.True((bool)config["analyzers"]!["core"]!["enabled"]!);
        Assert.Equal(level, (string?)config["analyzers"]!["core"]!["rules"]![rule]?["level"]);
    }

    [Fact]
    public void Parameters_EveryParameter_IsDescribedAsRequiredOrOptional()
    {
        var parameters = compiled.Template.Scopes
            .SelectMany(scope => (scope.Template["parameters"] as JsonObject ?? [])
                .Select(p => (Name: $"{scope.DeploymentName}.{p.Key}", Description: (string?)p.Value?["metadata"]?["description"])))
            .ToList();

        Assert.True(parameters.Count > 20, $"only {parameters.Count} parameters found");
        Assert.All(parameters, p => Assert.Matches("^(Required|Optional)\\. ", p.Description ?? p.Name));
    }
}
