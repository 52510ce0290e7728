using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Feedback;

/// <summary>
/// Settings of the reader feedback endpoint, bound from the "Feedback" section
/// (app settings <c>Feedback__PerArticlePermitLimit</c>, ...) and validated at start.
/// </summary>
public sealed class FeedbackOptions
{
    public const string SectionName = "Feedback";

    /// <summary>Reports one client may send about one article per <see cref="PerArticleWindow"/>.</summary>
    [Range(1, 10_000)]
    public int PerArticlePermitLimit { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PerArticleWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Reports one client may send about all articles together per <see cref="PerClientWindow"/>.</summary>
    [Range(1, 100_000)]
    public int PerClientPermitLimit { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromHours(1);
}
