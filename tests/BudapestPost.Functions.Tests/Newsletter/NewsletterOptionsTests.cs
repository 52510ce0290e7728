using System.ComponentModel.DataAnnotations;
using BudapestPost.Functions.Newsletter;

namespace BudapestPost.Functions.Tests.Newsletter;

public sealed class NewsletterOptionsTests
{
    private static List<string> Invalid(NewsletterOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.SelectMany(r => r.MemberNames).ToList();
    }

    [Fact]
    public void Defaults_AreValid() => Assert.Empty(Invalid(new NewsletterOptions()));

    [Theory]
    [InlineData("0 7 * * *")] // five fields: minutes first, not seconds
    [InlineData("every day")]
    public void DigestSchedule_NotACronWithSeconds_IsRefused(string schedule) =>
        Assert.Equal([nameof(NewsletterOptions.DigestSchedule)], Invalid(new NewsletterOptions { DigestSchedule = schedule }));

    [Fact]
    public void TimeZone_Unknown_IsRefused() =>
        Assert.Equal([nameof(NewsletterOptions.TimeZone)], Invalid(new NewsletterOptions { TimeZone = "Europe/Atlantis" }));

    [Fact]
    public void BatchSize_AboveOneTransaction_IsRefused() =>
        Assert.Equal([nameof(NewsletterOptions.BatchSize)], Invalid(new NewsletterOptions { BatchSize = 101 }));

    [Fact]
    public void Topics_AreSplitOnCommasAndTrimmed() =>
        Assert.Equal(["europe", "tech"], new NewsletterOptions { Topics = " europe, tech ,," }.TopicSet.Order());
}
