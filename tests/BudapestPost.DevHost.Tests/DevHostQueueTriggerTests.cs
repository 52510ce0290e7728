using System.Net;
using BudapestPost.DevHost.Queues;
using BudapestPost.Testing;

namespace BudapestPost.DevHost.Tests;

[Collection(DevHostCollection.Name)]
public sealed class DevHostQueueTriggerTests(DevHostFixture host)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly QueueProbe _probe = new(host.Storage);

    [Fact]
    public async Task Message_FunctionSucceeds_ProcessedOnceAndDeleted()
    {
        var message = $"ok-{Guid.NewGuid():N}";

        await _probe.SendAsync(DevHostFixture.WorkQueue, message);

        Assert.Equal([1], await Eventually.Until(() => _probe.ProcessedDequeueCountsAsync(message), counts => counts.Count > 0, Patience));
        Assert.DoesNotContain(message, await Eventually.Until(() => _probe.PeekAsync(DevHostFixture.WorkQueue), texts => !texts.Contains(message), Patience));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the message would be visible again by now had it not been deleted
        Assert.Equal([1], await _probe.ProcessedDequeueCountsAsync(message));
    }

    [Fact]
    public async Task Message_FunctionAlwaysFails_MovedToPoisonAfterFiveDequeues()
    {
        var message = $"fail-{Guid.NewGuid():N}";

        await _probe.SendAsync(DevHostFixture.WorkQueue, message);

        var poison = DevHostFixture.WorkQueue + QueueTriggerListener.PoisonSuffix;
        Assert.Contains(message, await Eventually.Until(() => _probe.PeekAsync(poison), texts => texts.Contains(message), Patience));
        Assert.Equal([1, 2, 3, 4, 5], await _probe.ProcessedDequeueCountsAsync(message));
        Assert.DoesNotContain(message, await _probe.PeekAsync(DevHostFixture.WorkQueue));
    }

    [Fact]
    public async Task Message_FunctionReturnsQueueOutput_HostEnqueuesIt()
    {
        var message = $"relay-{Guid.NewGuid():N}";

        await _probe.SendAsync("relay-in", message);

        var relayed = await Eventually.Until(() => _probe.PeekAsync("relay-out"), texts => texts.Contains($"1:{message}"), Patience);
        Assert.Contains($"1:{message}", relayed);
    }

    [Fact]
    public async Task Post_HttpFunctionWithQueueOutput_EachMessageProcessed()
    {
        var first = $"fan-{Guid.NewGuid():N}";
        var second = $"fan-{Guid.NewGuid():N}";

        var response = await host.Client.PostAsync("api/fan-out", new StringContent($"{first}\n{second}\n"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal([1], await Eventually.Until(() => _probe.ProcessedDequeueCountsAsync(first), counts => counts.Count > 0, Patience));
        Assert.Equal([1], await Eventually.Until(() => _probe.ProcessedDequeueCountsAsync(second), counts => counts.Count > 0, Patience));
    }
}
