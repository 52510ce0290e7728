using System.ComponentModel.DataAnnotations;

namespace BudapestPost.Functions.Newsletter;

/// <summary>
/// Settings of the newsletter, bound from the "Newsletter" section (app settings <c>Newsletter__DigestSchedule</c>, ...)
/// and validated at start.
/// </summary>
public sealed class NewsletterOptions : IValidatableObject
{
    public const string SectionName = "Newsletter";

    /// <summary>The tags and sections readers may choose, comma-separated (the sign-up box offers these).</summary>
    [Required] public string Topics { get; set; } = "europe,world,business,tech,culture";

    /// <summary>When digests go out: a cron expression with seconds, evaluated in <see cref="TimeZone"/>.</summary>
    [Required] public string DigestSchedule { get; set; } = "0 0 7 * * *";

    /// <summary>IANA time zone of <see cref="DigestSchedule"/> (daylight saving time included).</summary>
    [Required] public string TimeZone { get; set; } = "Europe/Budapest";

    /// <summary>
    /// How old a change-feed entry must be to go into a digest: longer than the catalog takes from recording a
    /// change to committing the article, so the digest never reads an article that is still being published.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PublishSettleTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Subscribers per queue message: each message is one short invocation of the sender (≤ 100: one table transaction).</summary>
    [Range(1, 100)] public int BatchSize { get; set; } = 100;

    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan ConfirmationValidity { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Confirmation emails one address gets per UTC day, however often it is submitted.</summary>
    [Range(1, 20)] public int ConfirmationsPerAddressPerDay { get; set; } = 3;

    /// <summary>Sign-ups one client may send per <see cref="PerClientWindow"/>.</summary>
    [Range(1, 10_000)] public int PerClientPermitLimit { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PerClientWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a confirmation waits before trying the mail server again after finding it unavailable; doubled on each
    /// further try, up to an hour.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MailRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The From address of every email, e.g. the Azure-managed domain's <c>DoNotReply@…azurecomm.net</c>.</summary>
    [Required, EmailAddress] public string From { get; set; } = "newsletter@budapestpost.localhost";

    /// <summary>
    /// Public address of this API (without <c>/api</c>), for the one-click unsubscribe link in emails. Empty: the website's
    /// <c>Site:BaseUrl</c>, where this app serves the website and the API together; required when a separate front end
    /// serves the website (<c>Site:ServePages</c> false).
    /// </summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>
    /// Website page (a path under <c>Site:BaseUrl</c>) the confirmation email links to, with the token: it shows a
    /// button that posts the token, so a mail scanner following the link confirms nothing.
    /// </summary>
    [Required] public string ConfirmPage { get; set; } = "/newsletter/confirm";

    /// <summary>Website page (a path under <c>Site:BaseUrl</c>) a confirmed subscriber is sent to.</summary>
    [Required] public string ConfirmedPage { get; set; } = "/newsletter/confirmed";

    /// <summary>Website page for an expired, used-up or unknown link.</summary>
    [Required] public string LinkExpiredPage { get; set; } = "/newsletter/link-expired";

    /// <summary>Website page shown after unsubscribing.</summary>
    [Required] public string UnsubscribedPage { get; set; } = "/newsletter/unsubscribed";

    /// <summary>Website page behind the "unsubscribe" link in an email's body; it posts the token to the API.</summary>
    [Required] public string UnsubscribePage { get; set; } = "/newsletter/unsubscribe";

    public IReadOnlySet<string> TopicSet => Topics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .ToHashSet(StringComparer.Ordinal);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Cronos.CronExpression.TryParse(DigestSchedule, Cronos.CronFormat.IncludeSeconds, out _) is false)
        {
            yield return new ValidationResult(
                $"'{DigestSchedule}' is not a cron expression with seconds (e.g. '0 0 7 * * *').", [nameof(DigestSchedule)]);
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"'{TimeZone}' is not a known time zone (e.g. 'Europe/Budapest').", [nameof(TimeZone)]);
        }
        if (!string.IsNullOrEmpty(ApiBaseUrl) && !Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out _))
        {
            yield return new ValidationResult($"'{ApiBaseUrl}' is not an absolute URL.", [nameof(ApiBaseUrl)]);
        }
    }
}
