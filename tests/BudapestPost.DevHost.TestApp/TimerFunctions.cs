using System.Text.Json;
using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace BudapestPost.DevHost.TestApp;

/// <summary>Timer functions that record each run, with the TimerInfo they were given, in the "ticks" container.</summary>
public sealed class TimerFunctions
{
    private readonly BlobContainerClient _ticks =
        new BlobServiceClient(Environment.GetEnvironmentVariable("AzureWebJobsStorage")).GetBlobContainerClient("ticks");

    /// <summary>On the TickSchedule setting's schedule; each run outlasts a one-second schedule, to show runs never overlap.</summary>
    [Function(nameof(Tick))]
    public async Task Tick([TimerTrigger("%TickSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromMilliseconds(1200), cancellationToken);
        await RecordAsync("tick", timer, started, cancellationToken);
    }

    /// <summary>Hourly and once at startup: monitored, so its TimerInfo carries the schedule status.</summary>
    [Function(nameof(Hourly))]
    public Task Hourly([TimerTrigger("0 0 * * * *", RunOnStartup = true)] TimerInfo timer, CancellationToken cancellationToken) =>
        RecordAsync("hourly", timer, DateTimeOffset.UtcNow, cancellationToken);

    private async Task RecordAsync(string function, TimerInfo timer, DateTimeOffset started, CancellationToken cancellationToken)
    {
        await _ticks.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var record = new
        {
            started,
            ended = DateTimeOffset.UtcNow,
            isPastDue = timer.IsPastDue,
            next = timer.ScheduleStatus?.Next,
            last = timer.ScheduleStatus?.Last,
        };
        await _ticks.GetBlobClient($"{function}/{Guid.NewGuid():N}").UploadAsync(BinaryData.FromString(JsonSerializer.Serialize(record)), cancellationToken);
    }
}
