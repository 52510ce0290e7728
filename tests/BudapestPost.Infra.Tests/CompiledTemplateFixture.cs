using BudapestPost.Infra.Tests.Arm;
using BudapestPost.Testing;

namespace BudapestPost.Infra.Tests;

/// <summary>Compiles infra/main.bicep once with the packaged Bicep CLI and shares the ARM JSON.</summary>
public sealed class CompiledTemplateFixture : IAsyncLifetime
{
    private readonly string _outputDirectory = Directory.CreateTempSubdirectory("budapest-post-bicep-").FullName;

    public static string InfraPath => Path.Combine(RepositoryRoot.Path, "infra");

    public static string MainBicep => Path.Combine(InfraPath, "main.bicep");

    /// <summary>What <c>bicep build</c> printed: diagnostics, if any.</summary>
    public CommandResult Build { get; private set; } = new(-1, "", "");

    public ArmTemplate Template { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var outputFile = Path.Combine(_outputDirectory, "main.json");
        Build = await BicepCli.RunAsync("build", MainBicep, "--outfile", outputFile);
        if (Build.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed:{Environment.NewLine}{Build.Output}");
        }
        Template = new ArmTemplate(await File.ReadAllTextAsync(outputFile));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_outputDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
