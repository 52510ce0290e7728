using System.Text.Json;
using Azure;
using BudapestPost.DevHost.Hosting;
using BudapestPost.DevHost.Rpc;
using BudapestPost.DevHost.Worker;

namespace BudapestPost.DevHost.Timers;

/// <summary>
/// Runs timer-trigger functions on their schedules, one invocation at a time per function, as the host does:
/// <c>runOnStartup</c> runs once at start; with <c>useMonitor</c> (schedules a minute apart or more) the last and
/// next occurrence are kept in storage, and an occurrence missed while the DevHost was down runs at start, past due.
/// </summary>
public sealed class TimerTriggerScheduler(
    WorkerSupervisor supervisor,
    FunctionInvoker invoker,
    ScheduleStatusStore statuses,
    FunctionAppFolder app,
    TimeProvider time,
    ILogger<TimerTriggerScheduler> logger) : PerFunctionTriggerService(supervisor)
{
    // Task.Delay takes at most about 49 days; far occurrences are waited for a day at a time.
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    protected override bool Handles(FunctionDescriptor function) => function.Timer is not null;

    protected override async Task RunAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        if (Schedule(function) is not { } schedule)
        {
            return;
        }
        var now = time.GetUtcNow();
        var monitored = function.Timer!.UseMonitor && schedule.IntervalAfter(now) >= TimeSpan.FromMinutes(1);
        var status = monitored ? await ReadStatusAsync(function, stoppingToken) : null;
        var last = status?.Last ?? default;
        if (status is not null && status.Next < now)
        {
            last = await RunAsync(function, schedule, status.Next, last, monitored, isPastDue: true, stoppingToken);
        }
        else if (function.Timer.RunOnStartup)
        {
            last = await RunAsync(function, schedule, now, last, monitored, isPastDue: false, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            now = time.GetUtcNow();
            // From the later of now and the last run, so a timer that wakes a little early cannot run one occurrence twice.
            var next = schedule.GetNextOccurrence(last > now ? last : now);
            if (next - now > MaxWait)
            {
                await Task.Delay(MaxWait, time, stoppingToken);
                continue;
            }
            await Task.Delay(next - now, time, stoppingToken);
            last = await RunAsync(function, schedule, next, last, monitored, isPastDue: false, stoppingToken);
        }
    }

    private async Task<ScheduleStatus?> ReadStatusAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        try
        {
            return await statuses.ReadAsync(function.Name, stoppingToken);
        }
        catch (Exception exception) when (exception is RequestFailedException or AggregateException or HttpRequestException)
        {
            logger.LogWarning("{Function}: could not read the schedule status, so no missed occurrence runs: {Reason}", function.Name, exception.Message);
            return null;
        }
    }

    private TimerSchedule? Schedule(FunctionDescriptor function)
    {
        try
        {
            var zone = app.GetSetting("WEBSITE_TIME_ZONE") is { Length: > 0 } id ? TimeZoneInfo.FindSystemTimeZoneById(id) : TimeZoneInfo.Utc;
            var schedule = TimerSchedule.Parse(app.ResolveSettings(function.Timer!.Schedule), zone);
            logger.LogInformation("{Function}: timer '{Schedule}', next at {Next:u}", function.Name, schedule.Expression,
                schedule.GetNextOccurrence(time.GetUtcNow()));
            return schedule;
        }
        catch (Exception exception) when (exception is FormatException or InvalidOperationException or TimeZoneNotFoundException)
        {
            logger.LogError("{Function} is not scheduled: {Reason}", function.Name, exception.Message);
            return null;
        }
    }

    /// <summary>Invokes for one occurrence and records it; returns the occurrence as the new "last".</summary>
    private async Task<DateTimeOffset> RunAsync(
        FunctionDescriptor function, TimerSchedule schedule, DateTimeOffset occurrence, DateTimeOffset last,
        bool monitored, bool isPastDue, CancellationToken stoppingToken)
    {
        var next = schedule.GetNextOccurrence(occurrence > time.GetUtcNow() ? occurrence : time.GetUtcNow());
        var status = monitored ? new ScheduleStatus(last, next, time.GetUtcNow()) : null;
        var response = await invoker.InvokeAsync(function, TimerInvocation(function, status, isPastDue), stoppingToken);
        if (response is null || !FunctionInvoker.IsSuccess(response))
        {
            // The host does not retry a timer; the next occurrence comes as scheduled.
            logger.LogWarning("{Function} failed for the {Occurrence:u} occurrence: {Error}", function.Name, occurrence,
                response is null ? "the worker went away" : FunctionInvoker.Error(response));
        }
        if (monitored)
        {
            try
            {
                await statuses.WriteAsync(function.Name, new ScheduleStatus(occurrence, next, time.GetUtcNow()), stoppingToken);
            }
            catch (Exception exception) when (exception is RequestFailedException or AggregateException or HttpRequestException)
            {
                logger.LogWarning("{Function}: could not record the schedule status: {Reason}", function.Name, exception.Message);
            }
        }
        return occurrence;
    }

    /// <summary>The TimerInfo payload the worker's converter reads (camel or Pascal case both bind).</summary>
    private static InvocationRequest TimerInvocation(FunctionDescriptor function, ScheduleStatus? status, bool isPastDue)
    {
        var request = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.Id,
            TraceContext = new RpcTraceContext(),
        };
        var payload = JsonSerializer.Serialize(new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = status,
            IsPastDue = isPastDue,
        });
        request.InputData.Add(new ParameterBinding { Name = function.Timer!.Name, Data = new TypedData { Json = payload } });
        return request;
    }
}
