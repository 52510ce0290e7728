using System.Reflection;

namespace BudapestPost.Infra.Tests;

/// <summary>
/// The Bicep CLI restored from the Azure.Bicep.CommandLine.linux-x64 package (see the project file);
/// nothing is downloaded at test time.
/// </summary>
public static class BicepCli
{
    public static string Path { get; } = Locate();

    public static Task<CommandResult> RunAsync(params string[] arguments) =>
        CommandLine.RunAsync(Path, arguments, new Dictionary<string, string>
        {
            // Keeps the CLI from looking for newer versions or sending telemetry.
            ["BICEP_TELEMETRY_ENABLED"] = "false",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        });

    private static string Locate()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BicepCli").Value
            ?? throw new InvalidOperationException("The BicepCli assembly metadata has no value.");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is not at {path}. Run 'dotnet restore BudapestPost.sln' to install the package.");
        }

        // NuGet extracts files without the execute bit on some systems.
        if (!File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        return path;
    }
}
