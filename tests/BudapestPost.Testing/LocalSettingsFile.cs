using System.Text.Json.Nodes;

namespace BudapestPost.Testing;

/// <summary>
/// A temporary local.settings.json as a developer has it: the repository's local.settings.sample.json, with
/// AzureWebJobsStorage pointing at a test storage account. Deleted on dispose.
/// </summary>
public sealed class LocalSettingsFile : IDisposable
{
    private LocalSettingsFile(string path) => Path = path;

    public string Path { get; }

    /// <param name="values">More settings, as a test needs them (they win over the sample's).</param>
    public static LocalSettingsFile Create(string storageConnectionString, IReadOnlyDictionary<string, string>? values = null)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"local.settings.{Guid.NewGuid():N}.json");
        var sample = System.IO.Path.Combine(RepositoryRoot.Path, "local.settings.sample.json");
        var settings = JsonNode.Parse(File.ReadAllText(sample))!.AsObject();
        var sampleValues = settings["Values"] as JsonObject ?? [];
        sampleValues["AzureWebJobsStorage"] = storageConnectionString;
        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            sampleValues[name] = value;
        }
        settings["Values"] = sampleValues;
        File.WriteAllText(path, settings.ToJsonString());
        return new LocalSettingsFile(path);
    }

    public void Dispose() => File.Delete(Path);
}
