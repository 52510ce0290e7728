using System.Reflection;
using BudapestPost.Core.Articles;
using BudapestPost.Functions.Articles;
using NetArchTest.Rules;

namespace BudapestPost.Functions.Tests.Architecture;

/// <summary>
/// Keeps the feature folders of the function app depending one way (infrastructure ← Articles ←
/// the other features ← Pages, the website), with no cycles, and the domain free of Azure types.
/// </summary>
public sealed class DependencyTests
{
    private const string Root = "BudapestPost.Functions";
    private static readonly Assembly App = typeof(ArticlesHttp).Assembly;
    // Editors: who may call a route and the audit log, which every feature's editor routes name.
    private static readonly string[] Infrastructure = ["Caching", "Editors", "Http", "Storage", "Site", "Telemetry"];

    /// <summary>Every folder (namespace under the root) of the app, found from its types so a new folder is covered too.</summary>
    private static readonly string[] Folders = Types.InAssembly(App).GetTypes()
        .Select(type => type.Namespace)
        .OfType<string>()
        .Where(name => name.StartsWith(Root + ".", StringComparison.Ordinal))
        .Select(name => name[(Root.Length + 1)..].Split('.')[0])
        .Distinct()
        .Order(StringComparer.Ordinal)
        .ToArray();

    [Fact]
    public void Folders_AndTheirDependencies_AreFound()
    {
        Assert.Superset(new HashSet<string>(["Articles", "Feedback", "Health", "Http", "Related", "Storage"]), Folders.ToHashSet());
        // Guards the rules below against reading no dependencies at all.
        Assert.True(DependsOn("Feedback", "Http"));
        Assert.True(DependsOn("Related", "Articles"));
    }

    [Fact]
    public void Folders_HaveNoDependencyCycles()
    {
        var graph = Folders.ToDictionary(folder => folder, folder => Folders.Where(other => other != folder && DependsOn(folder, other)).ToList());

        var cycles = FindCycles(graph);

        Assert.True(cycles.Count == 0, "Folder dependency cycles: " + string.Join("; ", cycles.Select(c => string.Join(" → ", c))));
    }

    [Fact]
    public void Infrastructure_DependsOnNoFeature()
    {
        var offending = (from infrastructure in Infrastructure
                         from feature in Folders.Except(Infrastructure)
                         where DependsOn(infrastructure, feature)
                         select $"{infrastructure} → {feature}").ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Articles_DependsOnlyOnInfrastructure()
    {
        var offending = Folders.Except(Infrastructure).Where(other => other != "Articles" && DependsOn("Articles", other)).ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Pages_AreOnTop_NoFolderDependsOnThem()
    {
        Assert.True(DependsOn("Pages", "Articles"));

        var offending = Folders.Where(folder => folder != "Pages" && DependsOn(folder, "Pages")).ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Core_HasNoAzureTypes()
    {
        var result = Types.InAssembly(typeof(ArticleParser).Assembly)
            .Should().NotHaveDependencyOnAny("Azure", "Microsoft.Azure", "Microsoft.AspNetCore")
            .GetResult();

        Assert.True(result.IsSuccessful, "Core types using Azure or ASP.NET Core: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    private static bool DependsOn(string folder, string other) =>
        !Types.InAssembly(App)
            .That().ResideInNamespaceMatching($@"^{Root}\.{folder}(\..*)?$")
            .ShouldNot().HaveDependencyOn($"{Root}.{other}")
            .GetResult().IsSuccessful;

    private static List<List<string>> FindCycles(Dictionary<string, List<string>> graph)
    {
        var cycles = new List<List<string>>();
        foreach (var start in graph.Keys)
        {
            var path = new List<string> { start };
            Walk(start);

            void Walk(string node)
            {
                foreach (var next in graph[node])
                {
                    if (next == start)
                    {
                        cycles.Add([.. path, start]);
                    }
                    else if (!path.Contains(next) && string.CompareOrdinal(next, start) > 0)
                    {
                        path.Add(next);
                        Walk(next);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }
        }
        return cycles;
    }
}
