using System.Text.Json.Nodes;

namespace BudapestPost.Testing;

/// <summary>A temporary local.settings.json pointing a function app at a test storage account; deleted on dispose.</summary>
public sealed class LocalSettingsFile : IDisposable
{
    private LocalSettingsFile(string path) => Path = path;

    public string Path { get; }

    public static LocalSettingsFile Create(string storageConnectionString)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"local.settings.{Guid.NewGuid():N}.json");
        var settings = new JsonObject
        {
            ["IsEncrypted"] = false,
            ["Values"] = new JsonObject
            {
                ["AzureWebJobsStorage"] = storageConnectionString,
                ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            },
        };
        File.WriteAllText(path, settings.ToJsonString());
        return new LocalSettingsFile(path);
    }

    public void Dispose() => File.Delete(Path);
}
