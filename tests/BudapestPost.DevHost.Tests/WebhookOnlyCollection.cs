namespace BudapestPost.DevHost.Tests;

[CollectionDefinition(Name)]
public sealed class WebhookOnlyCollection : ICollectionFixture<WebhookOnlyDevHostFixture>
{
    public const string Name = "DevHost without blob polling";
}
