using BudapestPost.Testing;

namespace BudapestPost.Infra.Tests;

/// <summary>
/// A stand-in <c>az</c> on PATH for running the postdeploy hook without Azure: it records every call,
/// answers <c>functionapp keys list</c> with a key only from a chosen attempt on, keeps function keys
/// as the host does (<c>functionapp function keys set</c> without a value generates one, printed unless
/// <c>--output none</c>), fails the first chosen number of <c>rest</c> calls, and keeps each request
/// body it is given.
/// </summary>
public sealed class FakeAzureCli : IDisposable
{
    public const string Key = "k+y/with=";

    /// <summary>The key the host generates for a function key set without a value.</summary>
    public const string FunctionKey = "fn+key/only=";

    private const string Script = """
        #!/usr/bin/env bash
        printf '%s\n' "$*" >>"$FAKE_AZ_DIR/calls.log"
        count() { local n; n=$(cat "$FAKE_AZ_DIR/$1" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" >"$FAKE_AZ_DIR/$1"; echo "$n"; }
        case "$1 $2" in
          "functionapp keys")
            if [ "$(count keys.count)" -ge "$FAKE_AZ_KEY_FROM_ATTEMPT" ]; then printf '%s\n' "$FAKE_AZ_KEY"; fi ;;
          "functionapp function")
            key_file="$FAKE_AZ_DIR/function-key"
            case "$3 $4" in
              "keys list") if [ -f "$key_file" ]; then cat "$key_file"; fi ;;
              "keys set")
                printf '%s\n' "$FAKE_AZ_FUNCTION_KEY" >"$key_file"
                case "$*" in *"--output none"*) ;; *) printf '{"name": "eventgrid", "value": "%s"}\n' "$FAKE_AZ_FUNCTION_KEY" ;; esac ;;
              *) echo "unexpected az call: $*" >&2; exit 2 ;;
            esac ;;
          "rest --method")
            n=$(count rest.count)
            for arg in "$@"; do case "$arg" in @*) cp "${arg#@}" "$FAKE_AZ_DIR/body-$n.json" ;; esac; done
            if [ "$n" -le "$FAKE_AZ_FAILING_PUTS" ]; then echo "validation handshake failed" >&2; exit 1; fi ;;
          *) echo "unexpected az call: $*" >&2; exit 2 ;;
        esac
        """;

    public FakeAzureCli()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("budapest-post-az-").FullName;
        var az = System.IO.Path.Combine(Directory, "az");
        File.WriteAllText(az, Script.Replace("\r\n", "\n") + "\n");
        File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Directory { get; }

    public IReadOnlyList<string> Calls =>
        File.Exists(Log) ? File.ReadAllLines(Log) : [];

    public IReadOnlyList<string> Bodies =>
        System.IO.Directory.GetFiles(Directory, "body-*.json").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();

    private string Log => System.IO.Path.Combine(Directory, "calls.log");

    /// <summary>Runs infra/hooks/postdeploy.sh with the outputs azd would pass and this fake az first on PATH.</summary>
    public Task<CommandResult> RunHookAsync(int keyFromAttempt = 1, int failingPuts = 0, int attempts = 5) =>
        CommandLine.RunAsync("bash", [System.IO.Path.Combine(RepositoryRoot.Path, "infra", "hooks", "postdeploy.sh")],
            new Dictionary<string, string>
            {
                ["PATH"] = $"{Directory}{System.IO.Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
                ["FAKE_AZ_DIR"] = Directory,
                ["FAKE_AZ_KEY"] = Key,
                ["FAKE_AZ_FUNCTION_KEY"] = FunctionKey,
                ["FAKE_AZ_KEY_FROM_ATTEMPT"] = keyFromAttempt.ToString(),
                ["FAKE_AZ_FAILING_PUTS"] = failingPuts.ToString(),
                ["POSTDEPLOY_ATTEMPTS"] = attempts.ToString(),
                ["POSTDEPLOY_DELAY_SECONDS"] = "0",
                ["AZURE_RESOURCE_GROUP"] = "rg-test",
                ["AZURE_FUNCTION_APP_NAME"] = "func-api-test",
                ["AZURE_FUNCTION_APP_HOST_NAME"] = "func-api-test-abc.westeurope-01.azurewebsites.net",
                ["AZURE_EVENT_GRID_SYSTEM_TOPIC_ID"] = TopicId,
                ["AZURE_STORAGE_ACCOUNT_ID"] = StorageId,
                ["AZURE_STORAGE_ARTICLES_CONTAINER"] = "articles",
                ["AZURE_STORAGE_ARTICLES_SUFFIX"] = ".md",
                ["AZURE_STORAGE_DEAD_LETTER_CONTAINER"] = "event-dead-letters",
                ["AZURE_BLOB_TRIGGER_FUNCTIONS"] = "PublishArticle,RenderRelatedIndexes",
            });

    public const string TopicId = "/subscriptions/0000/resourceGroups/rg-test/providers/Microsoft.EventGrid/systemTopics/evgt-test";

    public const string StorageId = "/subscriptions/0000/resourceGroups/rg-test/providers/Microsoft.Storage/storageAccounts/sttest";

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
