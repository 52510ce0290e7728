using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BudapestPost.DevHost.Hosting;

/// <summary>
/// What the DevHost needs to know about the compiled function app: how to start its worker, the settings
/// the worker gets as environment (local.settings.json "Values", with real environment variables winning
/// as in Core Tools) and the host.json values the DevHost honours.
/// </summary>
public sealed class FunctionAppFolder
{
    private static readonly string[] InheritedVariablesToDrop = ["ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "DOTNET_URLS"];

    private FunctionAppFolder(
        string directory, string executable, string workerPath, IReadOnlyDictionary<string, string> settings,
        string settingsFile, string routePrefix, int poisonBlobThreshold, int blobParallelism, QueueHostOptions queues)
    {
        Queues = queues;
        Directory = directory;
        Executable = executable;
        WorkerPath = workerPath;
        Settings = settings;
        SettingsFile = settingsFile;
        RoutePrefix = routePrefix;
        PoisonBlobThreshold = poisonBlobThreshold;
        BlobParallelism = blobParallelism;
    }

    public string Directory { get; }
    public string Executable { get; }
    public string WorkerPath { get; }

    /// <summary>The worker's environment: the DevHost's own, overlaid with the app settings it lacks.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public string SettingsFile { get; }
    public string RoutePrefix { get; }
    public int PoisonBlobThreshold { get; }
    public int BlobParallelism { get; }

    /// <summary>host.json <c>extensions.queues</c>, with the real host's defaults.</summary>
    public QueueHostOptions Queues { get; }

    public string? GetSetting(string name) => Settings.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// The app setting <c>AzureWebJobs.&lt;Name&gt;.Disabled</c> is <c>true</c> (or <c>1</c>): as in the real host, the
    /// function's trigger does not fire and its route answers 404.
    /// </summary>
    public bool IsDisabled(string functionName) =>
        GetSetting($"AzureWebJobs.{functionName}.Disabled") is { } value
        && (value.Trim() == "1" || string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase));

    /// <summary>Replaces each <c>%Setting%</c> in a binding value (schedule, queue name) with the app setting, as the host does.</summary>
    public string ResolveSettings(string value) =>
        System.Text.RegularExpressions.Regex.Replace(value, "%([^%]+)%", match =>
            GetSetting(match.Groups[1].Value)
            ?? throw new InvalidOperationException(
                $"Binding value '{value}' names the app setting '{match.Groups[1].Value}', which is not set. Add it to local.settings.json \"Values\"."));

    public static FunctionAppFolder Load(DevHostOptions options, IDictionary environment)
    {
        var directory = Path.GetFullPath(options.AppDirectory);
        var workerConfig = Path.Combine(directory, "worker.config.json");
        if (!File.Exists(workerConfig))
        {
            throw new InvalidOperationException(
                $"{workerConfig} is missing: DevHost:AppDirectory must be the build output folder of an isolated worker app.");
        }

        var description = JsonNode.Parse(File.ReadAllText(workerConfig))?["description"];
        var executable = (string?)description?["defaultExecutablePath"] ?? "dotnet";
        var workerPath = (string?)description?["defaultWorkerPath"]
            ?? throw new InvalidOperationException($"{workerConfig} names no defaultWorkerPath.");

        var settingsFile = FindSettingsFile(options, directory);
        var settings = MergeSettings(ReadValues(settingsFile), environment);
        var host = ReadHostJson(Path.Combine(directory, "host.json"));

        return new FunctionAppFolder(
            directory,
            executable,
            Path.Combine(directory, workerPath),
            settings,
            settingsFile,
            ((string?)host?["extensions"]?["http"]?["routePrefix"] ?? "api").Trim('/'),
            (int?)host?["extensions"]?["blobs"]?["poisonBlobThreshold"] ?? 5,
            (int?)host?["extensions"]?["blobs"]?["maxDegreeOfParallelism"] ?? 8,
            QueueHostOptions.From(host?["extensions"]?["queues"]));
    }

    private static string FindSettingsFile(DevHostOptions options, string appDirectory)
    {
        if (options.SettingsFile.Length > 0)
        {
            return File.Exists(options.SettingsFile)
                ? Path.GetFullPath(options.SettingsFile)
                : throw new InvalidOperationException($"DevHost:SettingsFile {options.SettingsFile} does not exist.");
        }

        string[] candidates =
        [
            Path.Combine(appDirectory, "local.settings.json"),
            Path.Combine(Environment.CurrentDirectory, "local.settings.json"),
            Path.Combine(appDirectory, "local.settings.sample.json"),
            Path.Combine(Environment.CurrentDirectory, "local.settings.sample.json"),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"No local.settings.json or local.settings.sample.json in {appDirectory} or {Environment.CurrentDirectory}.");
    }

    private static Dictionary<string, string> ReadValues(string settingsFile)
    {
        var values = JsonNode.Parse(File.ReadAllText(settingsFile), documentOptions: new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        })?["Values"]?.AsObject();

        return values is null
            ? []
            : values.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? "", StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>host.json with its property names matched without regard to case, as the host and the worker read it.</summary>
    private static JsonNode? ReadHostJson(string path) =>
        File.Exists(path)
            ? JsonNode.Parse(
                File.ReadAllText(path),
                new JsonNodeOptions { PropertyNameCaseInsensitive = true },
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })
            : null;

    private static Dictionary<string, string> MergeSettings(Dictionary<string, string> values, IDictionary environment)
    {
        var merged = new Dictionary<string, string>(values, StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                merged[key] = value;
            }
        }
        foreach (var name in InheritedVariablesToDrop)
        {
            merged.Remove(name);
        }
        return merged;
    }
}
