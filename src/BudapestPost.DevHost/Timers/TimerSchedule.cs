using System.Globalization;
using NCrontab;

namespace BudapestPost.DevHost.Timers;

/// <summary>
/// A timer trigger's schedule as the host reads it: an NCRONTAB expression with seconds
/// (<c>{second} {minute} {hour} {day} {month} {day-of-week}</c>), a classic five-field one, or a constant
/// <see cref="TimeSpan"/> interval (<c>hh:mm:ss</c>). Cron times are in <c>WEBSITE_TIME_ZONE</c>, UTC by default.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan _interval;
    private readonly TimeZoneInfo _zone;

    private TimerSchedule(CrontabSchedule? cron, TimeSpan interval, TimeZoneInfo zone, string expression)
    {
        _cron = cron;
        _interval = interval;
        _zone = zone;
        Expression = expression;
    }

    public string Expression { get; }

    public static TimerSchedule Parse(string expression, TimeZoneInfo? zone = null)
    {
        zone ??= TimeZoneInfo.Utc;
        if (CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is { } withSeconds)
        {
            return new TimerSchedule(withSeconds, TimeSpan.Zero, zone, expression);
        }
        if (CrontabSchedule.TryParse(expression) is { } classic)
        {
            return new TimerSchedule(classic, TimeSpan.Zero, zone, expression);
        }
        if (TimeSpan.TryParse(expression, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return new TimerSchedule(null, interval, zone, expression);
        }
        throw new FormatException(
            $"Timer schedule '{expression}' is neither an NCRONTAB expression ('0 */5 * * * *': second minute hour day month " +
            "day-of-week) nor a positive hh:mm:ss interval.");
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTimeOffset GetNextOccurrence(DateTimeOffset after)
    {
        if (_cron is null)
        {
            return after + _interval;
        }
        var local = TimeZoneInfo.ConvertTime(after, _zone);
        var next = _cron.GetNextOccurrence(local.DateTime);
        return new DateTimeOffset(next, _zone.GetUtcOffset(next));
    }

    /// <summary>The gap between the two occurrences after <paramref name="from"/>: the host does not monitor schedules under a minute.</summary>
    public TimeSpan IntervalAfter(DateTimeOffset from)
    {
        var first = GetNextOccurrence(from);
        return GetNextOccurrence(first) - first;
    }
}
