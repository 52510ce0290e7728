using System.Globalization;
using BudapestPost.Testing;

namespace BudapestPost.EndToEndTests;

[CollectionDefinition(Name)]
public sealed class ScheduledAppCollection : ICollectionFixture<ScheduledAppFixture>
{
    public const string Name = "Scheduled app";
}

/// <summary>
/// The function app on storage of its own (its schedule and timer status are nobody else's), with MailDev and the
/// newsletter's digest due on every tick (every two seconds), so a digest lists what went live since the last one.
/// </summary>
public sealed class ScheduledAppFixture : FunctionAppFixture
{
    public MailDevFixture Mail { get; } = new();

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["NewsletterTimerSchedule"] = "*/2 * * * * *",
        ["Newsletter__DigestSchedule"] = "* * * * * *",
        ["Newsletter__PublishSettleTime"] = "00:00:10",
        // Only in the emails' links; the tests follow them on whatever port the DevHost has.
        ["Newsletter__ApiBaseUrl"] = "http://127.0.0.1/",
        ["Smtp__Port"] = Mail.SmtpPort.ToString(CultureInfo.InvariantCulture),
    };

    public override async Task InitializeAsync()
    {
        await Mail.InitializeAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }
}
