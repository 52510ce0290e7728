namespace BudapestPost.DevHost.Tests;

/// <summary>A DevHost that does not list containers, so a blob fires only through the Event Grid webhook.</summary>
public sealed class WebhookOnlyDevHostFixture : DevHostFixture
{
    protected override TimeSpan BlobPollInterval => TimeSpan.Zero;
}
