using System.Text.RegularExpressions;
using BudapestPost.Testing;
using YamlDotNet.RepresentationModel;

namespace BudapestPost.Infra.Tests;

public sealed partial class WorkflowTests
{
    private static YamlMappingNode Workflow(string file)
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, ".github", "workflows", file));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static YamlMappingNode Mapping(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static List<string> RunSteps(YamlMappingNode workflow, string job) =>
        ((YamlSequenceNode)Mapping(Mapping(workflow, "jobs"), job).Children[new YamlScalarNode("steps")])
            .Cast<YamlMappingNode>()
            .Where(step => step.Children.ContainsKey(new YamlScalarNode("run")))
            .Select(step => Scalar(step, "run"))
            .ToList();

    [Fact]
    public void BuildAndTest_RunsTheReadmeTestCommandWithAzurite()
    {
        var steps = RunSteps(Workflow("build-and-test.yml"), "test");

        Assert.Contains(steps, s => s.StartsWith("npm ci", StringComparison.Ordinal));
        Assert.Contains("dotnet test BudapestPost.sln", steps);
        Assert.Contains(steps, s => s.Contains("apt-get install -y shellcheck", StringComparison.Ordinal));
    }

    [Fact]
    public void Deploy_SignsInWithOidcOnly()
    {
        var workflow = Workflow("azure-deploy.yml");
        var steps = RunSteps(workflow, "deploy");

        Assert.Equal("write", Scalar(Mapping(workflow, "permissions"), "id-token"));
        Assert.Contains(steps, s => s.Contains("--federated-credential-provider github", StringComparison.Ordinal));
        Assert.DoesNotContain("secrets.", File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".github", "workflows", "azure-deploy.yml")));
    }

    [Fact]
    public void Deploy_RunsInTheProductionEnvironment()
    {
        var job = Mapping(Mapping(Workflow("azure-deploy.yml"), "jobs"), "deploy");

        // Required reviewers on the environment hold every run until someone approves it (docs/deploy.md).
        Assert.Equal("production", Scalar(job, "environment"));
        Assert.Contains("environment:production", File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "deploy.md")));
    }

    [Theory]
    [InlineData("azure-deploy.yml")]
    [InlineData("build-and-test.yml")]
    public void EveryAction_IsPinnedToAFullCommitSha_WithItsReleaseTag(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".github", "workflows", file))
            .Where(line => line.TrimStart().StartsWith("- uses:", StringComparison.Ordinal) || line.TrimStart().StartsWith("uses:", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.Matches(PinnedAction(), line));
    }

    [GeneratedRegex(@"uses: [A-Za-z0-9-]+/[A-Za-z0-9._-]+@[0-9a-f]{40} # v[0-9]+\.[0-9]+\.[0-9]+$")]
    private static partial Regex PinnedAction();

    [Fact]
    public void Deploy_ProvisionsAsAServicePrincipalWithoutDeveloperAccess()
    {
        var workflow = Workflow("azure-deploy.yml");
        var env = Mapping(Mapping(Mapping(workflow, "jobs"), "deploy"), "env");

        Assert.Equal("ServicePrincipal", Scalar(env, "AZURE_PRINCIPAL_TYPE"));
        Assert.Equal("false", Scalar(env, "GRANT_DEVELOPER_ACCESS"));
        Assert.Equal("${{ vars.AZURE_AUTH_CLIENT_ID }}", Scalar(env, "AZURE_AUTH_CLIENT_ID"));
        Assert.Equal(["azd provision --preview --no-prompt", "azd provision --no-prompt", "azd deploy --no-prompt"],
            RunSteps(workflow, "deploy").Where(s => s.StartsWith("azd provision", StringComparison.Ordinal) || s.StartsWith("azd deploy", StringComparison.Ordinal)));
    }
}
