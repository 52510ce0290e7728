using Azure.Storage.Blobs.Specialized;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.Tests;

[Collection(DevHostCollection.Name)]
public sealed class DevHostTimerTriggerTests(DevHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly QueueProbe _probe = new(host.Storage);

    [Fact]
    public async Task Tick_EverySecondButSlower_RunsRepeatedlyOneAtATime()
    {
        var runs = await Eventually.Until(() => _probe.TimerRunsAsync("tick"), found => found.Count >= 3, Patience);

        Assert.True(runs.Count >= 3, $"{runs.Count} runs");
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].GetProperty("started").GetDateTimeOffset() >= runs[i - 1].GetProperty("ended").GetDateTimeOffset(),
                $"run {i} started before run {i - 1} ended");
        }
        // Under a minute apart: not monitored, so no schedule status, as in the host.
        Assert.All(runs, run => Assert.Equal(System.Text.Json.JsonValueKind.Null, run.GetProperty("next").ValueKind));
    }

    [Fact]
    public async Task Hourly_RunOnStartup_RunsWithScheduleStatus()
    {
        var runs = await Eventually.Until(() => _probe.TimerRunsAsync("hourly"), found => found.Count > 0, Patience);

        Assert.NotEmpty(runs);
        var run = runs[0];
        Assert.False(run.GetProperty("isPastDue").GetBoolean());
        var next = run.GetProperty("next").GetDateTimeOffset();
        Assert.Equal((0, 0), (next.Minute, next.Second));
        Assert.True(next > run.GetProperty("started").GetDateTimeOffset());
    }

    [Fact]
    public async Task Hourly_OccurrenceMissedWhileStopped_RunsPastDueOnStart()
    {
        await host.StopAsync();
        var missed = DateTimeOffset.UtcNow.AddHours(-1);
        var status = host.Storage.BlobService.GetBlobContainerClient("azure-webjobs-hosts")
            .GetBlobClient("timers/devhost/Host.Functions.Hourly/status");
        await status.GetParentBlobContainerClient().CreateIfNotExistsAsync();
        await status.UploadAsync(BinaryData.FromObjectAsJson(new { Last = missed.AddHours(-1), Next = missed, LastUpdated = missed }), overwrite: true);

        await host.StartAsync();

        var runs = await Eventually.Until(() => _probe.TimerRunsAsync("hourly"), found => found.Any(IsPastDue), Patience);
        Assert.Contains(runs, IsPastDue);
    }

    private static bool IsPastDue(System.Text.Json.JsonElement run) => run.GetProperty("isPastDue").GetBoolean();
}
