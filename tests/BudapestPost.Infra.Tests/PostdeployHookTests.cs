using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BudapestPost.Testing;

namespace BudapestPost.Infra.Tests;

[Collection(CompiledTemplateCollection.Name)]
public sealed partial class PostdeployHookTests(CompiledTemplateFixture compiled) : IDisposable
{
    private static readonly string Hooks = Path.Combine(RepositoryRoot.Path, "infra", "hooks");
    private static readonly string PosixHook = Path.Combine(Hooks, "postdeploy.sh");
    private static readonly string WindowsHook = Path.Combine(Hooks, "postdeploy.ps1");

    private readonly FakeAzureCli _az = new();

    public void Dispose() => _az.Dispose();

    [Fact]
    public async Task PosixHook_BashSyntaxCheck_Passes()
    {
        var result = await CommandLine.RunAsync("bash", ["-n", PosixHook]);

        Assert.True(result.ExitCode == 0, result.Output);
    }

    [Fact]
    public async Task PosixHook_Shellcheck_ReportsNothing()
    {
        var shellcheck = CommandLine.FindOnPath("shellcheck")
            ?? throw new InvalidOperationException(
                "shellcheck is not installed; it is a Debian package: apt-get update && apt-get install -y shellcheck");

        var result = await CommandLine.RunAsync(shellcheck, ["--shell=bash", "--severity=style", PosixHook]);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void PosixHook_IsExecutable()
    {
        Assert.True(File.GetUnixFileMode(PosixHook).HasFlag(UnixFileMode.UserExecute));
    }

    [Fact]
    public void BothHooks_ReadOnlyOutputsMainDeclares()
    {
        var outputs = compiled.Template.Root.Template["outputs"]!.AsObject().Select(o => o.Key).ToHashSet();
        var posix = PosixRequired().Matches(File.ReadAllText(PosixHook)).Select(m => m.Groups[1].Value).ToHashSet();
        var windows = WindowsRequired().Matches(File.ReadAllText(WindowsHook)).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.True(posix.Count >= 9, string.Join(", ", posix));
        Assert.Equal(posix.Order(), windows.Order());
        Assert.All(posix, name => Assert.Contains(name, outputs));
    }

    [Fact]
    public async Task Run_KeyAppearsLater_WaitsThenPutsOneSubscriptionPerFunction()
    {
        var result = await _az.RunHookAsync(keyFromAttempt: 3);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(3, _az.Calls.Count(c => c.StartsWith("functionapp keys list", StringComparison.Ordinal) && c.Contains("systemKeys.blobs_extension", StringComparison.Ordinal)));
        Assert.Equal(
            [
                $"{FakeAzureCli.TopicId}/eventSubscriptions/publisharticle?api-version=2025-02-15",
                $"{FakeAzureCli.TopicId}/eventSubscriptions/renderrelatedindexes?api-version=2025-02-15",
                $"{FakeAzureCli.TopicId}/eventSubscriptions/articlefileschanged?api-version=2025-02-15",
            ],
            _az.Calls.Where(c => c.StartsWith("rest --method put", StringComparison.Ordinal)).Select(UrlOf));
        Assert.DoesNotContain(FakeAzureCli.Key, result.Output);
    }

    [Theory]
    [InlineData(0, "PublishArticle")]
    [InlineData(1, "RenderRelatedIndexes")]
    public async Task Run_SubscriptionBody_TargetsTheFunctionsWebhookWithFilterRetryAndDeadLetters(int index, string function)
    {
        await _az.RunHookAsync();

        var properties = JsonNode.Parse(_az.Bodies[index])!["properties"]!;
        Assert.Equal("WebHook", (string?)properties["destination"]!["endpointType"]);
        Assert.Equal(
            $"https://func-api-test-abc.westeurope-01.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.{function}&code=k%2By%2Fwith%3D",
            (string?)properties["destination"]!["properties"]!["endpointUrl"]);
        Assert.Equal(["Microsoft.Storage.BlobCreated"], properties["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("/blobServices/default/containers/articles/", (string?)properties["filter"]!["subjectBeginsWith"]);
        Assert.Equal(".md", (string?)properties["filter"]!["subjectEndsWith"]);
        Assert.True((int)properties["retryPolicy"]!["maxDeliveryAttempts"]! > 1);
        var deadLetter = properties["deadLetterWithResourceIdentity"]!;
        Assert.Equal("SystemAssigned", (string?)deadLetter["identity"]!["type"]);
        Assert.Equal(FakeAzureCli.StorageId, (string?)deadLetter["deadLetterDestination"]!["properties"]!["resourceId"]);
        Assert.Equal("event-dead-letters", (string?)deadLetter["deadLetterDestination"]!["properties"]!["blobContainerName"]);
    }

    [Fact]
    public async Task Run_DeletedArticleFiles_GoToTheArticleEventsFunctionWithItsOwnKey()
    {
        var result = await _az.RunHookAsync();

        Assert.True(result.ExitCode == 0, result.Output);
        // A key of that one function, named eventgrid: never the host-wide default key, which opens every function.
        Assert.DoesNotContain(_az.Calls, c => c.Contains("functionKeys", StringComparison.Ordinal));
        Assert.Single(_az.Calls, c => c.StartsWith("functionapp function keys set", StringComparison.Ordinal)
            && c.Contains("--function-name ArticleFilesChanged", StringComparison.Ordinal) && c.Contains("--key-name eventgrid", StringComparison.Ordinal));
        var properties = JsonNode.Parse(_az.Bodies[2])!["properties"]!;
        Assert.Equal(
            "https://func-api-test-abc.westeurope-01.azurewebsites.net/api/admin/article-events?code=fn%2Bkey%2Fonly%3D",
            (string?)properties["destination"]!["properties"]!["endpointUrl"]);
        Assert.Equal(["Microsoft.Storage.BlobDeleted"], properties["filter"]!["includedEventTypes"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("/blobServices/default/containers/articles/", (string?)properties["filter"]!["subjectBeginsWith"]);
        Assert.Equal(".md", (string?)properties["filter"]!["subjectEndsWith"]);
        Assert.Equal("event-dead-letters", (string?)properties["deadLetterWithResourceIdentity"]!["deadLetterDestination"]!["properties"]!["blobContainerName"]);
    }

    [Fact]
    public async Task Run_Twice_KeepsTheWebhookKey_AndNeverPrintsIt()
    {
        var first = await _az.RunHookAsync();
        var second = await _az.RunHookAsync();

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Single(_az.Calls, c => c.StartsWith("functionapp function keys set", StringComparison.Ordinal));
        Assert.Equal(JsonNode.Parse(_az.Bodies[2])!.ToJsonString(), JsonNode.Parse(_az.Bodies[5])!.ToJsonString());
        Assert.DoesNotContain(FakeAzureCli.FunctionKey, first.Output);
        Assert.DoesNotContain(FakeAzureCli.FunctionKey, second.Output);
    }

    [Fact]
    public async Task Run_Twice_PutsTheSameDefinitionsAgain()
    {
        await _az.RunHookAsync();
        var first = _az.Bodies.ToList();

        var second = await _az.RunHookAsync();

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(first.Concat(first), _az.Bodies);
        Assert.DoesNotContain(_az.Calls, c => c.Contains("create", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_FirstPutRejected_RetriesThatSubscription()
    {
        var result = await _az.RunHookAsync(failingPuts: 1);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(["publisharticle", "publisharticle", "renderrelatedindexes", "articlefileschanged"],
            _az.Calls.Where(c => c.StartsWith("rest", StringComparison.Ordinal)).Select(c => UrlOf(c).Split('/').Last().Split('?')[0]));
    }

    [Fact]
    public async Task Run_KeyNeverAppears_FailsWithoutWritingAnything()
    {
        var result = await _az.RunHookAsync(keyFromAttempt: 99, attempts: 2);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no blobs_extension key after 2 attempts", result.Output);
        Assert.DoesNotContain(_az.Calls, c => c.StartsWith("rest", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_OutputMissing_FailsNamingIt()
    {
        var result = await CommandLine.RunAsync("bash", [PosixHook], new Dictionary<string, string>
        {
            ["PATH"] = $"{_az.Directory}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
        });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AZURE_RESOURCE_GROUP", result.Output);
        Assert.Empty(_az.Calls);
    }

    private static string UrlOf(string call) => UrlArgument().Match(call).Groups[1].Value;

    [GeneratedRegex(@"\$\{(AZURE_[A-Z_]+):\?")]
    private static partial Regex PosixRequired();

    [GeneratedRegex(@"'(AZURE_[A-Z_]+)'")]
    private static partial Regex WindowsRequired();

    [GeneratedRegex(@"--url (\S+)")]
    private static partial Regex UrlArgument();
}
