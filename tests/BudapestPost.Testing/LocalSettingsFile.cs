using System.Text.Json.Nodes;

namespace BudapestPost.Testing;

/// <summary>
/// A temporary local.settings.json as a developer has it: the repository's local.settings.sample.json, with
/// AzureWebJobsStorage pointing at a test storage account and any extra values. Deleted on dispose.
/// </summary>
public sealed class LocalSettingsFile : IDisposable
{
    private LocalSettingsFile(string path) => Path = path;

    public string Path { get; }

    public static LocalSettingsFile Create(string storageConnectionString, IReadOnlyDictionary<string, string>? extraValues = null)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"local.settings.{Guid.NewGuid():N}.json");
        var sample = System.IO.Path.Combine(RepositoryRoot.Path, "local.settings.sample.json");
        var settings = JsonNode.Parse(File.ReadAllText(sample))!.AsObject();
        var values = settings["Values"] as JsonObject ?? [];
        values["AzureWebJobsStorage"] = storageConnectionString;
        foreach (var (name, value) in extraValues ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }
        settings["Values"] = values;
        File.WriteAllText(path, settings.ToJsonString());
        return new LocalSettingsFile(path);
    }

    public void Dispose() => File.Delete(Path);
}
