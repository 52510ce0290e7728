using BudapestPost.Testing;

namespace BudapestPost.DevHost.Tests;

[Collection(DevHostCollection.Name)]
public sealed class DevHostBlobTriggerTests(DevHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly BlobStorageProbe _probe = new(host.Storage);

    [Fact]
    public async Task Upload_NewBlob_FunctionRunsOnce()
    {
        var name = $"new-{Guid.NewGuid():N}.md";

        await _probe.UploadAsync(name, "# hello");

        Assert.Equal(1, await Eventually.Until(() => _probe.CountCopiesAsync(name), n => n > 0, Patience));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // several more polls
        Assert.Equal(1, await _probe.CountCopiesAsync(name));
    }

    [Fact]
    public async Task Upload_ChangedBlob_FunctionRunsAgain()
    {
        var name = $"changed-{Guid.NewGuid():N}.md";
        await _probe.UploadAsync(name, "first");
        await Eventually.Until(() => _probe.CountCopiesAsync(name), n => n > 0, Patience);

        await _probe.UploadAsync(name, "second");

        Assert.Equal(2, await Eventually.Until(() => _probe.CountCopiesAsync(name), n => n > 1, Patience));
    }

    [Fact]
    public async Task Upload_BlobTheFunctionRejects_PoisonMessageAfterRetries()
    {
        var name = $"bad-{Guid.NewGuid():N}.md";

        await _probe.UploadAsync(name, "fail please");

        var poison = await Eventually.Until(() => _probe.FindPoisonMessageAsync(name), m => m is not null, Patience);
        Assert.NotNull(poison);
        Assert.Equal("Host.Functions.CopyBlob", poison.Value.GetProperty("FunctionId").GetString());
        Assert.Equal("inbox", poison.Value.GetProperty("ContainerName").GetString());
        Assert.Equal(0, await _probe.CountCopiesAsync(name));
    }

    [Fact]
    public async Task Restart_ProcessedBlob_NotProcessedAgain()
    {
        var name = $"restart-{Guid.NewGuid():N}.md";
        await _probe.UploadAsync(name, "once only");
        await Eventually.Until(() => _probe.CountCopiesAsync(name), n => n > 0, Patience);

        await host.StopAsync();
        await host.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // several polls by the new DevHost

        Assert.Equal(1, await _probe.CountCopiesAsync(name));
    }
}
