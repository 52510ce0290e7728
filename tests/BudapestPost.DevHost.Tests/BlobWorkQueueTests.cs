using BudapestPost.DevHost.Blobs;
using BudapestPost.DevHost.Worker;

namespace BudapestPost.DevHost.Tests;

public sealed class BlobWorkQueueTests
{
    private static readonly FunctionDescriptor Publish = new FunctionMetadataBuilder("Publish").WithBlobTrigger("articles/{name}").Build();
    private static readonly FunctionDescriptor Related = new FunctionMetadataBuilder("Related").WithBlobTrigger("articles/{name}").Build();

    private readonly BlobWorkQueue _queue = new();

    [Fact]
    public async Task TakeAsync_OneFunctionsBacklogQueuedFirst_SlotsAlternateBetweenFunctions()
    {
        AddAll(Publish, 10);
        AddAll(Related, 10);

        var taken = await TakeAsync(4);

        Assert.Equal(["Publish", "Related", "Publish", "Related"], taken.Select(item => item.Function.Name));
    }

    [Fact]
    public async Task TakeAsync_SlowFunctionHoldsMoreSlots_FreedSlotGoesToTheOther()
    {
        AddAll(Publish, 10);
        AddAll(Related, 10);
        var taken = await TakeAsync(4);

        // The quick function finishes both of its blobs while the slow one still runs its two.
        foreach (var item in taken.Where(item => item.Function == Related))
        {
            _queue.Release(item, done: true);
        }

        Assert.Equal(["Related", "Related"], (await TakeAsync(2)).Select(item => item.Function.Name));
    }

    [Fact]
    public async Task TakeAsync_OneFunctionWithWork_TakesEverySlot()
    {
        AddAll(Publish, 3);
        AddAll(Related, 1);
        var first = await TakeAsync(2);
        _queue.Release(first.Single(item => item.Function == Related), done: true);

        Assert.Equal(["Publish", "Publish"], (await TakeAsync(2)).Select(item => item.Function.Name));
    }

    [Fact]
    public async Task TryAdd_VersionHeldUntilDone_NotQueuedTwice()
    {
        var item = Item(Publish, 0);
        Assert.True(_queue.TryAdd(item));
        Assert.False(_queue.TryAdd(Item(Publish, 0)));

        var taken = await _queue.TakeAsync(CancellationToken.None);
        _queue.Release(taken, done: false);
        Assert.False(_queue.TryAdd(Item(Publish, 0))); // between a failed attempt and its retry
        _queue.Retry(taken with { Attempt = 2 });
        var retried = await _queue.TakeAsync(CancellationToken.None);
        _queue.Release(retried, done: true);

        Assert.Equal(2, retried.Attempt);
        Assert.Equal(0, _queue.Pending);
        Assert.True(_queue.TryAdd(Item(Publish, 0)));
    }

    [Fact]
    public async Task TakeAsync_NothingQueued_WaitsUntilSomethingIs()
    {
        var take = _queue.TakeAsync(CancellationToken.None);
        Assert.False(take.IsCompleted);

        _queue.TryAdd(Item(Related, 1));

        Assert.Equal("1.md", (await take.WaitAsync(TimeSpan.FromSeconds(10))).BlobName);
    }

    private static BlobWorkItem Item(FunctionDescriptor function, int blob) => new(function, "articles", $"{blob}.md", "\"0x1\"");

    private void AddAll(FunctionDescriptor function, int count)
    {
        for (var blob = 0; blob < count; blob++)
        {
            Assert.True(_queue.TryAdd(Item(function, blob)));
        }
    }

    private async Task<List<BlobWorkItem>> TakeAsync(int slots)
    {
        var taken = new List<BlobWorkItem>();
        for (var slot = 0; slot < slots; slot++)
        {
            taken.Add(await _queue.TakeAsync(CancellationToken.None));
        }
        return taken;
    }
}
