using BudapestPost.Functions.Storage;

namespace BudapestPost.Functions.Tests.Storage;

public sealed class WriteCoalescerTests
{
    [Fact]
    public async Task ChangesArrivingDuringAWrite_AreWrittenTogetherInTheNext()
    {
        var coalescer = new WriteCoalescer<int>();
        var batches = new List<int[]>();
        var firstWriteStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstWriteMayEnd = new TaskCompletionSource();
        async Task Write(IReadOnlyList<int> changes)
        {
            lock (batches)
            {
                batches.Add([.. changes]);
            }
            if (changes.Contains(1))
            {
                firstWriteStarted.SetResult();
                await firstWriteMayEnd.Task;
            }
        }

        var first = coalescer.ApplyAsync("row", 1, Write, default);
        await firstWriteStarted.Task;
        var waiting = Enumerable.Range(2, 5).Select(change => coalescer.ApplyAsync("row", change, Write, default)).ToList();
        Assert.DoesNotContain(waiting, task => task.IsCompleted);
        firstWriteMayEnd.SetResult();
        await Task.WhenAll(waiting.Append(first));

        Assert.Equal([[1], [2, 3, 4, 5, 6]], batches);
    }

    [Fact]
    public async Task FailedWrite_FailsOnlyItsOwnChanges()
    {
        var coalescer = new WriteCoalescer<int>();
        var firstWriteStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstWriteMayEnd = new TaskCompletionSource();
        async Task Write(IReadOnlyList<int> changes)
        {
            if (changes.Contains(1))
            {
                firstWriteStarted.SetResult();
            }
            await firstWriteMayEnd.Task;
            if (changes.Contains(2))
            {
                throw new InvalidOperationException("storage said no");
            }
        }

        var first = coalescer.ApplyAsync("row", 1, Write, default);
        await firstWriteStarted.Task;
        var second = coalescer.ApplyAsync("row", 2, Write, default);
        var other = coalescer.ApplyAsync("other-row", 3, Write, default);
        firstWriteMayEnd.SetResult();

        await first;
        await other;
        Assert.Equal("storage said no", (await Assert.ThrowsAsync<InvalidOperationException>(() => second)).Message);
        await coalescer.ApplyAsync("row", 4, Write, default); // the key is free again after a failure
    }
}
