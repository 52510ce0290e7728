using BudapestPost.Testing;
using YamlDotNet.RepresentationModel;

namespace BudapestPost.Infra.Tests;

public sealed class AzureYamlTests
{
    private static YamlMappingNode Root()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryRoot.Path, "azure.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static string Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        }
        return ((YamlScalarNode)node).Value!;
    }

    [Fact]
    public void Name_IsTheLowerCaseProjectName()
    {
        Assert.Equal("budapest-post", Scalar(Root(), "name"));
    }

    [Fact]
    public void ApiService_IsTheDotnetFunctionAppProject()
    {
        var project = Scalar(Root(), "services", "api", "project");

        Assert.Equal("dotnet", Scalar(Root(), "services", "api", "language"));
        Assert.Equal("function", Scalar(Root(), "services", "api", "host"));
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, project, "BudapestPost.Functions.csproj")), project);
    }

    [Fact]
    public void Services_OnlyApi_MatchingTheSiteTag()
    {
        var services = (YamlMappingNode)Root().Children[new YamlScalarNode("services")];

        Assert.Equal("api", ((YamlScalarNode)Assert.Single(services.Children).Key).Value);
    }

    [Fact]
    public void Infra_PointsAtMainBicep()
    {
        var infra = Path.Combine(RepositoryRoot.Path, Scalar(Root(), "infra", "path"), Scalar(Root(), "infra", "module") + ".bicep");

        Assert.Equal("bicep", Scalar(Root(), "infra", "provider"));
        Assert.True(File.Exists(infra), infra);
    }

    [Theory]
    [InlineData("posix", "sh", "infra/hooks/postdeploy.sh")]
    [InlineData("windows", "pwsh", "infra/hooks/postdeploy.ps1")]
    public void PostdeployHook_RunsTheScriptForEachPlatform(string platform, string shell, string script)
    {
        var run = Scalar(Root(), "hooks", "postdeploy", platform, "run");

        Assert.Equal(shell, Scalar(Root(), "hooks", "postdeploy", platform, "shell"));
        Assert.Equal(script, Path.GetRelativePath(RepositoryRoot.Path, Path.Combine(RepositoryRoot.Path, run)));
        Assert.True(File.Exists(Path.Combine(RepositoryRoot.Path, run)), run);
        Assert.Equal("false", Scalar(Root(), "hooks", "postdeploy", platform, "continueOnError"));
    }
}
