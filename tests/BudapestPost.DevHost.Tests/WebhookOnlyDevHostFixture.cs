namespace BudapestPost.DevHost.Tests;

/// <summary>
/// A DevHost that does not list containers, so a blob fires only through the Event Grid webhook, in the order the
/// events came; failed blobs wait seconds before their retries, so a test can tell whether the waits held anything up.
/// </summary>
public sealed class WebhookOnlyDevHostFixture : DevHostFixture
{
    protected override TimeSpan BlobPollInterval => TimeSpan.Zero;

    protected override TimeSpan BlobRetryDelay => TimeSpan.FromSeconds(2);
}
