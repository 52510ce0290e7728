using System.Text.Json.Nodes;
using BudapestPost.Testing;

namespace BudapestPost.Infra.Tests;

/// <summary>One Node.js version for the local tools (Azurite, MailDev, html-validate, Lighthouse), said the same way everywhere.</summary>
public sealed class NodeVersionTests
{
    private static string Major => File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".nvmrc")).Trim();

    private static string Read(string path) => File.ReadAllText(Path.Combine(RepositoryRoot.Path, path));

    [Fact]
    public void Version_IsDeclaredInEnginesAndNvmrc_AndSaidTheSameWayInReadmeScriptsAndWorkflow()
    {
        var engines = (string?)JsonNode.Parse(Read("package.json"))!["engines"]!["node"];
        var lockedEngines = (string?)JsonNode.Parse(Read("package-lock.json"))!["packages"]![""]!["engines"]!["node"];

        Assert.Matches("^[0-9]+$", Major);
        Assert.Equal($"^{Major}.6.0", engines);
        Assert.Equal(engines, lockedEngines);
        Assert.Contains($"Node.js {Major}, {Major}.6 or later", Read("README.md"));
        Assert.Contains($"Node.js {Major}, {Major}.6 or later", Read(".ci/run"));
        Assert.Contains("$(cat .nvmrc)", Read("test.sh"));
        Assert.Contains("node-version-file: .nvmrc", Read(".github/workflows/build-and-test.yml"));
        Assert.DoesNotContain("node-version:", Read(".github/workflows/build-and-test.yml"));
    }

    [Fact]
    public async Task Lockfile_EveryPackageSupportsTheDeclaredVersion()
    {
        var node = await CommandLine.RunAsync("node", ["--version"]);
        Assert.True(node.Output.Trim().StartsWith($"v{Major}.", StringComparison.Ordinal),
            $"These tests run the tools on Node.js {Major} (.nvmrc); found {node.Output.Trim()}.");

        // npm checks every locked package's engines against the running Node.js; a dry run installs nothing.
        var dryRun = await CommandLine.RunAsync("npm", ["ci", "--dry-run", "--no-audit", "--no-fund"]);

        Assert.True(dryRun.ExitCode == 0, dryRun.Output);
        Assert.DoesNotContain("EBADENGINE", dryRun.Output);
    }
}
