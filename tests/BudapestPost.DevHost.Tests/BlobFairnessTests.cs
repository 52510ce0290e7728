using System.Globalization;
using Azure.Storage.Blobs.Models;
using BudapestPost.Testing;
using Xunit.Abstractions;

namespace BudapestPost.DevHost.Tests;

/// <summary>
/// Two functions watch the test app's "shelf" container: Archive takes a second a blob, Index a moment. The host
/// has four blob slots, so Archive's backlog alone would keep them all busy for seconds.
/// </summary>
[Collection(DevHostCollection.Name)]
public sealed class BlobFairnessTests(DevHostFixture host, ITestOutputHelper output)
{
    private const int Blobs = 20;

    [Fact]
    public async Task Upload_BacklogForASlowAndAFastFunction_FastOneIsNotHeldBehindTheSlowOne()
    {
        // Uploaded while the host is down, so its first poll finds the whole backlog at once, as after a bulk import.
        var batch = Guid.NewGuid().ToString("N");
        var shelf = host.Storage.BlobService.GetBlobContainerClient("shelf");
        await shelf.CreateIfNotExistsAsync();
        await host.StopAsync();
        await Task.WhenAll(Enumerable.Range(0, Blobs).Select(i =>
            shelf.GetBlobClient($"{batch}/{i:D2}.md").UploadAsync(BinaryData.FromString($"blob {i}"), overwrite: true)));
        await host.StartAsync();
        var started = DateTimeOffset.UtcNow;

        var index = await Eventually.Until(() => FinishedAsync("Index", batch), times => times.Count == Blobs, TimeSpan.FromSeconds(90));
        var archive = await Eventually.Until(() => FinishedAsync("Archive", batch), times => times.Count == Blobs, TimeSpan.FromSeconds(90));
        WriteTimeline(started, index, archive);

        Assert.Equal(Blobs, index.Count);
        Assert.Equal(Blobs, archive.Count);
        // Served one after the other, Archive would have finished at least 16 blobs (all but the four in its slots)
        // before Index finished any. Served fairly, Index has half the slots from the start, and as each of its blobs
        // takes less than Archive's, it is ahead of Archive however busy the machine: when it is halfway, Archive is not.
        var indexHalfway = index.Order().ElementAt(Blobs / 2 - 1);
        Assert.InRange(archive.Count(finished => finished <= indexHalfway), 0, Blobs / 2 - 1);
    }

    /// <summary>When each blob of the batch was finished by <paramref name="function"/>, as the function noted it.</summary>
    private async Task<List<DateTimeOffset>> FinishedAsync(string function, string batch)
    {
        var done = host.Storage.BlobService.GetBlobContainerClient("shelf-done");
        var times = new List<DateTimeOffset>();
        if (!await done.ExistsAsync())
        {
            return times;
        }
        await foreach (var blob in done.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{function}/{batch}/", CancellationToken.None))
        {
            var content = (await done.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
            times.Add(DateTimeOffset.Parse(content, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind));
        }
        return times;
    }

    /// <summary>Blobs finished per function, half a second at a time since the host started, for whoever reads the test's output.</summary>
    private void WriteTimeline(DateTimeOffset started, List<DateTimeOffset> index, List<DateTimeOffset> archive)
    {
        var end = index.Concat(archive).DefaultIfEmpty(started).Max();
        output.WriteLine("seconds after start  Index  Archive  (blobs finished so far)");
        for (var at = started; at - TimeSpan.FromSeconds(0.5) < end; at += TimeSpan.FromSeconds(0.5))
        {
            output.WriteLine($"{(at - started).TotalSeconds,19:F1}  {index.Count(x => x <= at),5}  {archive.Count(x => x <= at),7}");
        }
    }
}
