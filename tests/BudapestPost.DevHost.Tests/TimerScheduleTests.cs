using BudapestPost.DevHost.Timers;

namespace BudapestPost.DevHost.Tests;

public sealed class TimerScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 14, 10, 7, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("0 */5 * * * *", "2026-03-14T10:10:00Z", "2026-03-14T10:15:00Z")]
    [InlineData("*/15 * * * * *", "2026-03-14T10:07:45Z", "2026-03-14T10:08:00Z")]
    [InlineData("0 30 9 * * 1-5", "2026-03-16T09:30:00Z", "2026-03-17T09:30:00Z")]
    [InlineData("0 0 0 1 * *", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z")]
    [InlineData("15 * * * *", "2026-03-14T10:15:00Z", "2026-03-14T11:15:00Z")]
    [InlineData("00:30:00", "2026-03-14T10:37:30Z", "2026-03-14T11:07:30Z")]
    public void GetNextOccurrence_Expression_NextTwoOccurrences(string expression, string first, string second)
    {
        var schedule = TimerSchedule.Parse(expression);

        var next = schedule.GetNextOccurrence(Start);

        Assert.Equal(DateTimeOffset.Parse(first), next);
        Assert.Equal(DateTimeOffset.Parse(second), schedule.GetNextOccurrence(next));
    }

    [Fact]
    public void GetNextOccurrence_TimeZone_CronReadInThatZone()
    {
        var budapest = TimeZoneInfo.FindSystemTimeZoneById("Europe/Budapest");
        var schedule = TimerSchedule.Parse("0 0 6 * * *", budapest);

        var next = schedule.GetNextOccurrence(Start);

        Assert.Equal(new DateTimeOffset(2026, 3, 15, 5, 0, 0, TimeSpan.Zero), next.ToUniversalTime());
    }

    [Theory]
    [InlineData("0 */5 * * * *", 5)]
    [InlineData("*/10 * * * * *", 0)]
    public void IntervalAfter_Schedule_GapBetweenOccurrences(string expression, int minutes)
    {
        var interval = TimerSchedule.Parse(expression).IntervalAfter(Start);

        Assert.Equal(minutes, (int)interval.TotalMinutes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("every five minutes")]
    [InlineData("0 */5 * * *  * *")]
    [InlineData("61 * * * * *")]
    [InlineData("-00:05:00")]
    public void Parse_NotASchedule_ThrowsFormatExceptionNamingIt(string expression)
    {
        var exception = Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression));

        Assert.Contains($"'{expression}'", exception.Message);
    }
}
